"""Settings come from the environment; production refuses to start half-configured."""

import pytest

from tests.helpers.settings_check import read_settings, run_check


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


def test_with_nothing_set_the_site_refuses_to_start_as_production_does(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode != 0
    assert "DEBUG is off, so SECRET_KEY and ALLOWED_HOSTS must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_debug_is_off_unless_set(tmp_path):
    production = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "news.example"}
    assert read_settings(tmp_path, "[s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE]", **production) == [
        False,
        True,
        True,
    ]
    assert read_settings(tmp_path, "s.DEBUG", DEBUG="true") is True


def test_production_starts_when_configured(tmp_path):
    result = run_check(tmp_path, DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="news.example")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_local_use_needs_only_debug_set_and_keeps_a_generated_secret_in_var(tmp_path):
    assert run_check(tmp_path, DEBUG="true").returncode == 0
    secret = (tmp_path / "secret_key").read_text()
    assert len(secret) >= 50
    assert run_check(tmp_path, DEBUG="true").returncode == 0
    assert (tmp_path / "secret_key").read_text() == secret


def test_the_embedded_defaults_are_sqlite_and_a_cache_shared_on_disk_under_var(tmp_path):
    expression = (
        "[s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CACHES['default']['BACKEND'],"
        " s.CACHES['default']['LOCATION'], s.CACHES['default']['OPTIONS']['size_limit'], s.MEDIA_ROOT, s.SITE_NAME]"
    )
    assert read_settings(tmp_path, expression, DEBUG="true", PAGE_CACHE_MAX_BYTES="5000000") == [
        "django.db.backends.sqlite3",
        str(tmp_path / "db.sqlite3"),
        "newsroom.cache.KeptOpenDiskCache",
        str(tmp_path / "cache"),
        5000000,
        str(tmp_path / "uploads"),
        "Asia In News",
    ]


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    database = "s.DATABASES['default']"
    expression = (
        f"[{database}['ENGINE'], {database}['HOST'], {database}['NAME'], {database}['CONN_HEALTH_CHECKS'],"
        " s.CACHES['default']['LOCATION']]"
    )
    values = read_settings(
        tmp_path,
        expression,
        DATABASE_URL="postgres://newsroom@db.internal:5432/news",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DEBUG="true",
    )
    assert values == ["django.db.backends.postgresql", "db.internal", "news", True, "redis://127.0.0.1:6379/3"]
