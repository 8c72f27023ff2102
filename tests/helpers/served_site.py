"""The site as `make serve` runs it: env files, processes, and requests as nginx passes them on."""

import http.client
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from tests.helpers.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
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
        # No jobs worker beside the site: it would hold database connections the outage tests count.
        # tests/jobs/test_worker.py starts one as make serve does by default.
        "RUN_JOBS_WORKER": "false",
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
    def answering():
        if process.poll() is not None:
            pytest.fail(f"make serve stopped with status {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            return request(port, "/robots.txt")[0] == 200
        except OSError:
            return False

    what = f"make serve answering on port {port}"
    wait_until(answering, what=what, seconds=seconds, every=0.2, explain=lambda: log.read_text()[-3000:])


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


def cookie(headers, name):
    return next(value for value in headers.get_all("Set-Cookie") if value.startswith(f"{name}="))


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
