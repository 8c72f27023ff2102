"""Production mode: `make serve` checks, refuses bad settings in one line, and serves HTTPS headers on every page.

Real processes throughout, in the documented environment: .env.example as written, followed by the test's
own values (a temporary SQLite database and folders, a fresh secret, no Redis), the way an operator's .env
follows it. Nothing from the environment the suite runs in (a DATABASE_URL, DEBUG) reaches them.
"""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.served_site import (
    BASE_ENV,
    HOST,
    MEDIA_ORIGIN,
    REFERENCE_ARTICLE,
    ROOT,
    cookie,
    free_port,
    log_in,
    make_serve,
    manage,
    request,
    stop_serving,
    write_env_file,
)
from tests.helpers.waiting import wait_until


def test_the_documented_production_environment_passes_check_deploy(tmp_path):
    result = manage(write_env_file(tmp_path), "check", "--deploy", "--database", "default", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("values", "warning"),
    [({"SECURE_HSTS_SECONDS": "0"}, "security.W004"), ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}, "security.W005")],
)
def test_check_deploy_fails_when_a_protection_is_turned_off(tmp_path, values, warning):
    result = manage(write_env_file(tmp_path, **values), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert warning in result.stderr


@pytest.mark.server
@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "", "DEBUG": ""}, "SECRET_KEY must be set"),  # DEBUG defaults to off, not to local use
        ({"SECRET_KEY": "short-secret-key"}, "SECRET_KEY must be at least 50 random characters"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "SECRET_KEY must be at least 50"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS may not contain '*'"),
        ({"DATABASE_URL": "postgres//newsroom@db/newsroom"}, "DATABASE_URL is not a database URL"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/x"}, "cannot connect to the database in DATABASE_URL"),
    ],
    ids=[
        "no-secret-key",
        "debug-unset",
        "short-secret-key",
        "insecure-secret-key",
        "no-allowed-hosts",
        "allowed-hosts-star",
        "malformed-database-url",
        "unreachable-postgresql",
    ],
)
def test_make_serve_refuses_to_start_with_one_line_saying_what_to_set(tmp_path, values, message):
    result = subprocess.run(
        make_serve(write_env_file(tmp_path, **values)), cwd=ROOT, env=BASE_ENV, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith("Not starting: ")
    assert message in first_line


@pytest.mark.server
def test_what_the_environment_sets_wins_over_the_env_file(tmp_path):
    env = {**BASE_ENV, "ALLOWED_HOSTS": "*"}
    result = subprocess.run(
        make_serve(write_env_file(tmp_path)), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS may not contain '*'" in result.stderr.splitlines()[0]


@pytest.mark.server
def test_make_run_serves_with_debug_on_for_local_use(tmp_path):
    """`make run` is for a developer's machine: DEBUG on, though the settings default to off."""
    port = free_port()
    env = {
        **BASE_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "uploads"),
    }
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "run", f"PORT={port}"]
    log = tmp_path / "run.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:

        def answering():
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                return request(port, "/robots.txt", host="127.0.0.1", https=False)[0] == 200
            except OSError:
                return False

        wait_until(answering, what="make run answering", seconds=120, every=0.5, explain=lambda: log.read_text())
        status, _, page = request(port, "/no-such-page/", host="127.0.0.1", https=False)
        assert status == 404 and "Using the URLconf defined in" in page  # Django's debug page
    finally:
        stop_serving(process)


# --- the site as `make serve` runs it ----------------------------------------------------------


SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# Content-Security-Policy, as {directive: sources}: nothing inline, nothing from elsewhere but the pictures.
POLICY = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},
    "style-src": {"'self'", "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"},  # the prose editor's
    "img-src": {"'self'", MEDIA_ORIGIN},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "manifest-src": {"'self'"},
    "form-action": {"'self'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "upgrade-insecure-requests": set(),
}


def policy(headers):
    directives = (part.split() for part in headers["Content-Security-Policy"].split(";") if part.strip())
    return {name: set(sources) for name, *sources in directives}


@pytest.mark.server
@pytest.mark.parametrize("path", ["/", REFERENCE_ARTICLE, "/feeds/rss/", "/admin/login/"])
def test_every_kind_of_page_carries_the_security_headers_fresh_and_from_the_page_cache(served_site, path):
    for _ in range(2):  # a reader's page the second time comes from the page cache
        status, headers, _ = request(served_site, path)
        assert status == 200
        assert {name: headers[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS
        assert policy(headers) == POLICY


@pytest.mark.server
def test_static_files_are_collected_and_served_with_the_security_headers(served_site):
    _, _, home = request(served_site, "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    status, headers, _ = request(served_site, stylesheet)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    # whitenoise answers before X-Frame-Options is added, which only matters for a page that could be framed.
    expected = {name: value for name, value in SECURITY_HEADERS.items() if name != "X-Frame-Options"}
    assert {name: headers[name] for name in expected} == expected


def attributes(set_cookie):
    return {part.strip().split("=")[0].lower(): part.strip() for part in set_cookie.split(";")[1:]}


@pytest.mark.server
def test_the_admin_login_sets_a_secure_same_site_csrf_cookie(served_site):
    _, headers, _ = request(served_site, "/admin/login/")
    csrf = attributes(cookie(headers, "csrftoken"))
    assert "secure" in csrf
    assert csrf["samesite"] == "SameSite=Lax"


@pytest.mark.server
def test_logging_in_sets_a_secure_http_only_same_site_session_cookie(served_site):
    status, headers, _ = log_in(served_site)
    assert status == 302
    session = attributes(cookie(headers, "sessionid"))
    assert {"secure", "httponly"} <= session.keys()
    assert session["samesite"] == "SameSite=Lax"


@pytest.mark.server
def test_plain_http_is_redirected_to_https(served_site):
    status, headers, _ = request(served_site, REFERENCE_ARTICLE, https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}{REFERENCE_ARTICLE}"


@pytest.mark.server
def test_a_host_not_in_allowed_hosts_is_refused(served_site):
    assert request(served_site, "/", host="attacker.example")[0] == 400


@pytest.mark.server
def test_pictures_come_from_the_media_origin_when_media_url_is_on_another_origin(served_site):
    _, _, article = request(served_site, REFERENCE_ARTICLE)
    assert f"{MEDIA_ORIGIN}/uploads/renditions/" in article
    assert not re.search(r"""["'\s,]/uploads/""", article)


# --- gunicorn started by hand -------------------------------------------------------------------


@pytest.mark.server
def test_gunicorn_started_by_hand_with_only_a_secret_and_hosts_runs_with_debug_off(tmp_path):
    """No DEBUG in the environment is production: no debug page to leak settings, plain HTTP sent to HTTPS."""
    port = free_port()
    env = BASE_ENV | {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST, "VAR_DIR": str(tmp_path)}
    log = tmp_path / "gunicorn.log"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with log.open("w") as output:
        process = subprocess.Popen(
            [gunicorn, "--bind", f"127.0.0.1:{port}", "newsroom.wsgi"], cwd=ROOT, env=env, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:

        def first_answer():
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                return request(port, "/robots.txt", https=False)
            except OSError:
                return None

        what = f"gunicorn answering on port {port}"
        status, headers, _ = wait_until(
            first_answer, what=what, seconds=45, every=0.2, explain=lambda: log.read_text()[-3000:]
        )
        assert status == 301
        assert headers["Location"] == f"https://{HOST}/robots.txt"
        status, _, body = request(port, "/", host="attacker.example", https=False)
        assert status == 400
        assert "DisallowedHost" not in body
        assert "Invalid HTTP_HOST header" not in body
    finally:
        stop_serving(process)
