"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_check(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "news.example"}, "SECRET_KEY must be set"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "0"}, "SECRET_KEY and ALLOWED_HOSTS must be set"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS may not contain '*'"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
    ],
)
def test_production_without_secret_or_hosts_fails_at_start_up_with_a_clear_message(tmp_path, env, message):
    result = run_check(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_when_configured(tmp_path):
    result = run_check(tmp_path, DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="news.example")
    assert result.returncode == 0, result.stderr


def test_local_use_needs_nothing_set_and_keeps_a_generated_secret_in_var(tmp_path):
    assert run_check(tmp_path).returncode == 0
    secret = (tmp_path / "secret_key").read_text()
    assert len(secret) >= 50
    assert run_check(tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == secret


def test_the_embedded_defaults_are_sqlite_under_var_and_local_memory_cache(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "SITE_NAME"}}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", VAR_DIR=str(tmp_path))
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CACHES['default']['BACKEND'],"
        " s.MEDIA_ROOT, s.SITE_NAME, sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    engine, name, cache, media_root, site_name = result.stdout.strip().split("|")
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "db.sqlite3")
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert media_root == str(tmp_path / "uploads")
    assert site_name == "Asia In News"


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    clean = dict(os.environ)
    clean.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://newsroom@db.internal:5432/news",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    script = (
        "from django.conf import settings as s;"
        "d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['HOST'], d['NAME'], d['CONN_HEALTH_CHECKS'], s.CACHES['default']['LOCATION'], sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().split("|") == [
        "django.db.backends.postgresql", "db.internal", "news", "True", "redis://127.0.0.1:6379/3"
    ]  # fmt: skip
