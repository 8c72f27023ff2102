"""Production mode: `make serve` checks, refuses bad settings in one line, and serves HTTPS headers on every page.

Real processes throughout, in the documented environment: .env.example as written, followed by the test's
own values (a temporary SQLite database and folders, a fresh secret, no Redis), the way an operator's .env
follows it. Nothing from the environment the suite runs in (a DATABASE_URL, DEBUG) reaches them.
"""

import http.client
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / ".env.example"
BASE_ENV = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
HOST = re.search(r"^ALLOWED_HOSTS=([^,\s]+)", EXAMPLE.read_text(), re.MULTILINE).group(1)
REFERENCE_ARTICLE = "/2025/10/22/taiwan-us-military-ties/"
MEDIA_ORIGIN = "https://media.example.net"
EDITOR_PASSWORD = "a-long-editor-password-for-the-test"
# Sourcing the env file as `make serve` does, then running a command in what it set.
IN_ENV_FILE = 'set -a; . "$0"; set +a; exec "$@"'


def write_env_file(folder, **values):
    """.env.example, then `values` (later lines win in the shell); its path."""
    defaults = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "REDIS_URL": "",
        "VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "uploads"),
        "STATIC_ROOT": str(folder / "static"),
    }
    lines = [EXAMPLE.read_text(), "# The test's own values"]
    lines += [f"{name}={shlex.quote(value)}" for name, value in (defaults | values).items()]
    path = folder / "production.env"
    path.write_text("\n".join(lines) + "\n")
    return path


def manage(env_file, *args, extra_env=None):
    command = ["sh", "-c", IN_ENV_FILE, str(env_file), sys.executable, "manage.py", *args]
    env = BASE_ENV | (extra_env or {})
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def make_serve(env_file):
    # -o: the suite's own virtualenv is already installed; `make serve` must not reinstall it mid-run.
    return ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"ENV_FILE={env_file}"]


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


def test_what_the_environment_sets_wins_over_the_env_file(tmp_path):
    env = {**BASE_ENV, "ALLOWED_HOSTS": "*"}
    result = subprocess.run(
        make_serve(write_env_file(tmp_path)), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS may not contain '*'" in result.stderr.splitlines()[0]


# --- the site as `make serve` runs it ----------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, path, *, host=HOST, https=True, method="GET", body=None, headers=None):
    """One request as nginx would pass it on (X-Forwarded-Proto: https unless `https` is false)."""
    sent = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_up(process, port, log, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve stopped with status {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if request(port, "/robots.txt")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"make serve did not answer on port {port} within {seconds} s:\n{log.read_text()[-3000:]}")


def start_serving(env_file, log):
    """`make serve` under `env_file`, in a process group of its own, its output in `log`."""
    with log.open("w") as output:
        return subprocess.Popen(
            make_serve(env_file), cwd=ROOT, env=BASE_ENV, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def stop_serving(process):
    """Stop the process group: make, and gunicorn's master and workers under it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`make serve` on a free port, its database migrated by it, then the demo loaded; the port.

    MEDIA_URL is on its own origin, the alternative .env.example documents, so that it is tried too.
    """
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env_file = write_env_file(folder, PORT=str(port), MEDIA_URL=f"{MEDIA_ORIGIN}/uploads/")
    log = folder / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        yield port
    finally:
        stop_serving(process)


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


@pytest.mark.parametrize("path", ["/", REFERENCE_ARTICLE, "/feeds/rss/", "/admin/login/"])
def test_every_kind_of_page_carries_the_security_headers_fresh_and_from_the_page_cache(site, path):
    for _ in range(2):  # a reader's page the second time comes from the page cache
        status, headers, _ = request(site, path)
        assert status == 200
        assert {name: headers[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS
        assert policy(headers) == POLICY


def test_static_files_are_collected_and_served_with_the_security_headers(site):
    _, _, home = request(site, "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    status, headers, _ = request(site, stylesheet)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    # whitenoise answers before X-Frame-Options is added, which only matters for a page that could be framed.
    expected = {name: value for name, value in SECURITY_HEADERS.items() if name != "X-Frame-Options"}
    assert {name: headers[name] for name in expected} == expected


def cookie(headers, name):
    return next(value for value in headers.get_all("Set-Cookie") if value.startswith(f"{name}="))


def attributes(set_cookie):
    return {part.strip().split("=")[0].lower(): part.strip() for part in set_cookie.split(";")[1:]}


def test_the_admin_login_sets_a_secure_same_site_csrf_cookie(site):
    _, headers, _ = request(site, "/admin/login/")
    csrf = attributes(cookie(headers, "csrftoken"))
    assert "secure" in csrf
    assert csrf["samesite"] == "SameSite=Lax"


def post_form(port, path, form, cookies):
    """A form posted as a browser on the site would post it (its cookies, its origin)."""
    return request(
        port, path, method="POST", body=urllib.parse.urlencode(form, doseq=True),
        headers={"Cookie": cookies, "Origin": f"https://{HOST}", "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip


def log_in(port):
    """The demo editor logs in through the admin's form; (status, headers, CSRF cookie)."""
    _, headers, page = request(port, "/admin/login/")
    csrf = cookie(headers, "csrftoken").split(";")[0]
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        "username": "editor",
        "password": EDITOR_PASSWORD,
        "next": "/admin/",
    }
    status, headers, _ = post_form(port, "/admin/login/", form, csrf)
    return status, headers, csrf


def test_logging_in_sets_a_secure_http_only_same_site_session_cookie(site):
    status, headers, _ = log_in(site)
    assert status == 302
    session = attributes(cookie(headers, "sessionid"))
    assert {"secure", "httponly"} <= session.keys()
    assert session["samesite"] == "SameSite=Lax"


def test_plain_http_is_redirected_to_https(site):
    status, headers, _ = request(site, REFERENCE_ARTICLE, https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}{REFERENCE_ARTICLE}"


def test_a_host_not_in_allowed_hosts_is_refused(site):
    assert request(site, "/", host="attacker.example")[0] == 400


def test_pictures_come_from_the_media_origin_when_media_url_is_on_another_origin(site):
    _, _, article = request(site, REFERENCE_ARTICLE)
    assert f"{MEDIA_ORIGIN}/uploads/renditions/" in article
    assert not re.search(r"""["'\s,]/uploads/""", article)


# --- gunicorn started by hand -------------------------------------------------------------------


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
        deadline = time.monotonic() + 45
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                status, headers, _ = request(port, "/robots.txt", https=False)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
        assert status == 301
        assert headers["Location"] == f"https://{HOST}/robots.txt"
        status, _, body = request(port, "/", host="attacker.example", https=False)
        assert status == 400
        assert "DisallowedHost" not in body
        assert "Invalid HTTP_HOST header" not in body
    finally:
        stop_serving(process)
