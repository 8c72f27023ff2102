"""Reading the settings' environment: typed values that refuse a malformed one, and DEBUG, which decides
whether a missing value may fall back to a local default.

DEBUG is off unless set (`make run` sets it for local use), so a server started by hand runs in
production settings: it refuses to start without SECRET_KEY and ALLOWED_HOSTS, and never runs on a
guessed secret.
"""

import os
import secrets
import urllib.parse

from django.core.exceptions import ImproperlyConfigured


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_http_url(name):
    """An http(s) address such as https://s3.example.com, without its trailing slash; "" when unset."""
    value = os.environ.get(name, "").strip().rstrip("/")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError when the port is not a number)
    except ValueError:
        parts = None
    malformed = not parts or parts.scheme not in {"http", "https"} or not parts.hostname
    if value and (malformed or parts.query or parts.fragment or parts.username):
        raise ImproperlyConfigured(f"{name} must be an http(s) address such as https://s3.example.com, not {value!r}.")
    return value


DEBUG = env_bool("DEBUG", False)


def local_secret_key(var_dir):
    """A random key kept in var/ so that local sessions survive restarts."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key_and_allowed_hosts(var_dir):
    """SECRET_KEY and ALLOWED_HOSTS: required and checked with DEBUG off, local defaults with it on."""
    secret_key = os.environ.get("SECRET_KEY", "")
    allowed_hosts = env_list("ALLOWED_HOSTS")
    if DEBUG:
        return (
            secret_key or local_secret_key(var_dir),
            allowed_hosts or ["127.0.0.1", "localhost", "[::1]", "testserver"],
        )
    missing = [name for name, value in [("SECRET_KEY", secret_key), ("ALLOWED_HOSTS", allowed_hosts)] if not value]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so {' and '.join(missing)} must be set in the environment (see README.md, 'Configuration')."
        )
    if "*" in allowed_hosts:
        raise ImproperlyConfigured("ALLOWED_HOSTS may not contain '*' when DEBUG is off; list the site's host names.")
    if len(secret_key) < 50 or secret_key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 random characters, not a 'django-insecure-' development key; make one with"
            ' python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return secret_key, allowed_hosts
