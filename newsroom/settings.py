"""Settings for Newsroom, read from the environment (newsroom/environment.py); staff accounts' in settings_staff.py.

DEBUG is off unless set (`make run` sets it for local use), so a server started by hand
runs in production settings: it refuses to start without SECRET_KEY and ALLOWED_HOSTS,
and never runs on a guessed secret. With DEBUG=true and nothing else set, the site runs
locally on SQLite and a local-memory cache with files under var/.
"""

import os
import re
import urllib.parse
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import DEBUG, env_bool, env_http_url, env_int, secret_key_and_allowed_hosts

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

SECRET_KEY, ALLOWED_HOSTS = secret_key_and_allowed_hosts(VAR_DIR)

SITE_NAME = os.environ.get("SITE_NAME", "Asia In News")
# The site's address where no request gives it (webhook deliveries, made in a background job).
SITE_URL = env_http_url("SITE_URL") or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
# What authenticator apps call the site's second factor (settings_staff.py).
OTP_TOTP_ISSUER = SITE_NAME

INSTALLED_APPS = [
    "newsroom.admin.NewsroomAdminConfig",  # django.contrib.admin, its search bounded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "reversion_compare",
    "django_prose_editor",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "auditlog",
    "staff_security",
    "media",
    "authors",
    "articles",
    "redirects",
    "transfer",
    "demo",
    "django_q",
    "jobs",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Readers' pages may be kept by a CDN or Varnish in front, purged by key; nothing else may (articles/edge/).
    "articles.edge.headers.EdgeHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # The content API answers browsers only from its keys' origins (api/cors.py).
    "api.cors.ApiCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staff_security.middleware.SecondFactorMiddleware",
    "staff_security.middleware.SecurityLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Where the site has nothing to show, moved addresses answer 301 and taken-down ones 410 (redirects/): inside
    # the middleware that add security headers and CommonMiddleware's added slash, so they see its answer.
    "redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a login that axes refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("CONN_MAX_AGE", 0),
            conn_health_checks=True,
        )
    }
except ValueError as error:  # dj-database-url's own errors, or a port that is not a number
    reason = {dj_database_url.UnknownSchemeError: "unknown scheme", dj_database_url.ParseError: "not a URL"}.get(
        type(error), str(error)
    )
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL ({reason}): write postgres://USER:PASSWORD@HOST:5432/NAME or"
        " sqlite:////absolute/path/db.sqlite3, with special characters in the password percent-encoded."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer fails start-up and requests within seconds instead of hanging them.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers carry on while an editor saves. Writes take the lock when they begin (IMMEDIATE), so a
    # second writer (the jobs worker, a command, another gunicorn worker) waits its turn, up to the timeout, instead
    # of failing at once with "database is locked" when a read inside a transaction turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE", timeout=20
    )

# The page cache for anonymous readers (articles/page_cache.py): how long a page is kept, and how
# often each process re-reads whether anything changed. 0 seconds turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_CHECK_SECONDS = int(os.environ.get("PAGE_CACHE_CHECK_SECONDS", "2"))
# How many of its most requested pages each process also keeps in its own memory.
PAGE_CACHE_LOCAL_PAGES = int(os.environ.get("PAGE_CACHE_LOCAL_PAGES", "200"))
# How much longer than it is fresh a page is kept, to be served (marked stale) while the database is unreachable.
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "3600"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Fails soft (newsroom/cache.py): with Redis down, pages are served uncached rather than as errors.
    CACHES = {"default": {"BACKEND": "newsroom.cache.FailSoftRedisCache", "LOCATION": REDIS_URL}}
else:
    # One cache on this machine's disk, shared by its workers (diskcache: SQLite-indexed files, an atomic add(),
    # least-recently-stored eviction past PAGE_CACHE_MAX_BYTES). Measured against Django's FileBasedCache,
    # whose add() is not atomic across processes and whose culling lists the directory: see the README.
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.KeptOpenDiskCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # A busy SQLite shard waits this long rather than drop a write (a purge must not be lost).
            "DATABASE_TIMEOUT": 1.0,
            "OPTIONS": {"size_limit": int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(1024**3)))},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/uploads/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
SERVE_UPLOADS = env_bool("SERVE_UPLOADS", DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads on S3-compatible object storage (README.md, "Production"), when AWS_STORAGE_BUCKET_NAME is set: on AWS,
# or at AWS_S3_ENDPOINT_URL (MinIO, Cloudflare R2, Backblaze B2...). boto3 finds the credentials itself
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role). MEDIA_URL becomes the public address
# of the uploads, which pages link to directly.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config

    aws_endpoint = env_http_url("AWS_S3_ENDPOINT_URL")
    aws_region = os.environ.get("AWS_S3_REGION_NAME", "").strip()
    aws_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().rstrip("/")
    aws_location = os.environ.get("AWS_LOCATION", "").strip().strip("/")
    for name, value, pattern, example in [
        ("AWS_STORAGE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME, r"[A-Za-z0-9][\w.-]{1,61}[A-Za-z0-9]", "newsroom-uploads"),
        ("AWS_S3_REGION_NAME", aws_region, r"[a-z0-9-]*", "eu-west-1"),
        ("AWS_S3_CUSTOM_DOMAIN", aws_domain, r"([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+(:[0-9]+)?|", "media.example.com"),
        ("AWS_LOCATION", aws_location, r"([\w-][\w.-]*(/(?!$)|$))*", "uploads"),
    ]:
        if not re.fullmatch(pattern, value, re.ASCII):
            raise ImproperlyConfigured(f"{name} must be written like {example}, not {value!r}.")
    if aws_domain:  # a CDN, or the provider's public host for the bucket
        public_uploads = f"https://{aws_domain}"
    elif aws_endpoint:  # path-style, which every S3-compatible provider serves
        public_uploads = f"{aws_endpoint}/{AWS_STORAGE_BUCKET_NAME}"
    elif aws_region:
        public_uploads = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{aws_region}.amazonaws.com"
    else:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set, so AWS_S3_REGION_NAME (e.g. eu-west-1) must be too, or"
            " AWS_S3_ENDPOINT_URL for a provider other than AWS."
        )
    if not DEBUG and public_uploads.startswith("http:"):
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL is plain http, so HTTPS pages could not show pictures from {public_uploads}: use its"
            " https address, or set AWS_S3_CUSTOM_DOMAIN to the HTTPS host serving the bucket."
        )
    scheme, _, public_host = public_uploads.partition("://")
    STORAGES["default"] = {
        "BACKEND": "media.storage.PublicImageStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": aws_endpoint or None,
            "region_name": aws_region or None,
            "location": aws_location,
            # Addresses are written from the public one, not signed by boto3 for every picture on a page.
            "custom_domain": public_host,
            "url_protocol": f"{scheme}:",
            "querystring_auth": False,
            # Readers may read because the bucket's policy says so: several providers refuse per-object ACLs.
            "default_acl": None,
            # Every name stored is new (media.models and media.renditions add random ones), so a file is
            # never replaced: no request to check a name is free first, and caches may keep files for good.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            # A store that does not answer fails the editor's save within seconds rather than holding a worker.
            "client_config": Config(
                s3={"addressing_style": "path" if aws_endpoint else "auto"},
                connect_timeout=5,
                read_timeout=30,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }
    MEDIA_URL = f"{public_uploads}/{aws_location}/" if aws_location else f"{public_uploads}/"
    SERVE_UPLOADS = False  # the bucket serves them

# Uploads larger than this, or images with more pixels, are refused before Pillow decodes them.
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 50_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True
# Slugs keep the letters of every script (/tag/台湾/, /2025/10/22/επίπεδο-2/) rather than being transliterated to
# ASCII (/tag/tai-wan/): common/slugs.py. Changing it later changes no existing address.
ALLOW_UNICODE_SLUGS = env_bool("ALLOW_UNICODE_SLUGS", False)

# A CDN or Varnish in front: how long it keeps readers' pages, and how it is purged.
from newsroom.settings_edge import *  # noqa: E402, F403

# Background jobs: webhook deliveries and whatever must not hold up a request or a save.
from newsroom.settings_jobs import *  # noqa: E402, F403

# Staff accounts: passwords, login throttling, the second factor, password reset e-mail, the security log.
from newsroom.settings_staff import *  # noqa: E402, F403

# HTTPS and the security headers, on whenever DEBUG is off (README.md, "Production").
# Behind a TLS-terminating proxy, Django knows a request came over HTTPS only from a header that proxy sets
# (and overwrites when a client sends it): SECURE_PROXY_SSL_HEADER names it, e.g. X-Forwarded-Proto.
proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if proxy_ssl_header:
    if not proxy_ssl_header.replace("-", "").isalnum():
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be the name of the header your proxy sets to 'https', such as"
            f" X-Forwarded-Proto, not {proxy_ssl_header!r}."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 2 * 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# check --deploy's reminders about choices made on purpose: the proxy redirects to HTTPS itself, or the
# domain's owner has not asked for the browsers' HSTS preload list.
SILENCED_SYSTEM_CHECKS = [
    *(["security.W008"] if not SECURE_SSL_REDIRECT else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]

# Content-Security-Policy (django-csp), on every response, DEBUG or not, so that anything it would block shows
# up in development. No inline script or style anywhere but the prose editor's import map, which carries a
# nonce (articles/admin.py), and the stylesheet for ProseMirror that the editor's Tiptap adds to the page,
# admitted by its hash (from django-prose-editor 0.28; tests/browser/test_content_security_policy.py fails
# when an upgrade changes it). Everything else loads from this site, pictures also from MEDIA_URL's origin.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
media_origin = urllib.parse.urlsplit(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, PROSE_EDITOR_STYLE_HASH],
        "img-src": [SELF, *([f"{media_origin.scheme}://{media_origin.netloc}"] if media_origin.netloc else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": not DEBUG,
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The view counter (articles/view_counter.py): a client counts once per article in this window,
# and at most this many times a minute across all articles.
VIEW_COUNTER_WINDOW_SECONDS = 30 * 60
VIEW_COUNTER_MAX_PER_MINUTE = 60
# How many reverse proxies in front of the site append the client's address to X-Forwarded-For.
# 0 (the default) trusts none and uses REMOTE_ADDR: set it only when every request comes through them.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# The content API (api/): requests a minute from one client without a key (an IPv6 client's whole /64); keys
# carry their own rate.
API_ANONYMOUS_PER_MINUTE = env_int("API_ANONYMOUS_PER_MINUTE", 60)
# Webhooks may go to http:// and to private networks (this machine included): for tests and local use only.
WEBHOOKS_ALLOW_LOCAL = env_bool("WEBHOOKS_ALLOW_LOCAL", False)

# Serves /bench/ceiling/ (newsroom/bench_views.py), the fixed page `make bench` measures every page against.
BENCHMARK_CEILING = env_bool("BENCHMARK_CEILING", False)
