"""Settings for staff accounts: passwords, login throttling, the second factor, password reset e-mail and the
security log. newsroom/settings.py takes them all; they read the environment as it does (newsroom/environment.py).
"""

import os
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import DEBUG, env_bool, env_int

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"

# Login throttling (django-axes; README.md, "Production"). AxesStandaloneBackend refuses a locked-out client
# before ModelBackend looks at the password, so during a lockout the right password is refused too.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or cooloff_minutes < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = timedelta(minutes=cooloff_minutes)
# Failures count per username and client together: by username alone anyone could lock an editor out, by
# address alone a botnet would guess on unhindered. A username that does not exist is counted, locked out and
# answered exactly like one that does.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client behind TRUSTED_PROXY_COUNT proxies, found by common.clients (never the raw
# X-Forwarded-For); an IPv6 client by its /64, which it could otherwise rotate through.
AXES_CLIENT_IP_CALLABLE = "staff_security.login_throttling.client_address"
AXES_RESET_ON_SUCCESS = True
# An attempt during a lockout starts the cool-off again, which keeps "try again in N minutes" true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "staff_security.login_throttling.locked_out"
# No start-up banner from every process: `make serve` promises one line when it refuses to start. Failures and
# lockouts are still logged (logger axes), with the username and address masked.
AXES_VERBOSE = False
# Every failure and lockout stays in the security log (staff_security/admin.py), not only the running count.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# A password alone does not clear the count while a second-factor code is still owed (see the handler).
AXES_HANDLER = "staff_security.login_throttling.SecondFactorAwareHandler"

# A second factor for staff (django-two-factor-auth on django-otp; README.md, "Second factor"). With
# STAFF_2FA_REQUIRED, Editors and superusers without an authenticator are sent to enrol before any admin page;
# anyone who has enrolled is asked for a code after the password, whatever the setting.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEBUG)
# The admin keeps its own login page (the password step); the code step follows it (staff_security/views.py).
TWO_FACTOR_PATCH_ADMIN = False

# E-mail, for password reset links: printed on the console in local use, sent through SMTP in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that does not answer is given up within seconds rather than holding a thread.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Password reset (staff_security/password_reset.py): at most this many mails per address, and requests per client, in
# the window; past them the answer is the same and no mail goes out.
PASSWORD_RESET_MAX_PER_ADDRESS = env_int("PASSWORD_RESET_MAX_PER_ADDRESS", 3)
PASSWORD_RESET_MAX_PER_CLIENT = env_int("PASSWORD_RESET_MAX_PER_CLIENT", 10)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 60 * 60)

# The security log (django-auditlog; README.md, "Security log"): who enrolled or removed a second factor, and who
# changed a group, a user's groups or permissions, with when and from which address. Sign-ins, failures and
# lockouts are axes' own records. Never a password hash or a device's secret: only the fields named here.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "auth.user",
        "include_fields": ["username", "is_active", "is_staff", "is_superuser"],
        "m2m_fields": ["groups", "user_permissions"],
    },
    {"model": "auth.group", "include_fields": ["name"], "m2m_fields": ["permissions"]},
    {"model": "otp_totp.totpdevice", "include_fields": ["user", "name", "confirmed"]},
    {"model": "otp_static.staticdevice", "include_fields": ["user", "name"]},
)
