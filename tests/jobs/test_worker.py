"""The jobs worker (`manage.py qcluster`) as operators run it: killed mid-job, restarted, failing jobs kept."""

import contextlib
import json
import os
import signal
import subprocess
import sys

import pytest

from tests.helpers.served_site import (
    BASE_ENV,
    ROOT,
    free_port,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)
from tests.helpers.served_site import manage as served_manage
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.server


@pytest.fixture
def site(tmp_path):
    """A site of its own (its SQLite database migrated), with jobs that time out, come back and retry quickly."""
    env = BASE_ENV | {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path / "var"),
        "JOBS_TIMEOUT_SECONDS": "20",
        "JOBS_LEASE_SECONDS": "21",
        "JOBS_BACKOFF_SECONDS": "1",
        "JOBS_MAX_ATTEMPTS": "3",
        "JOBS_WORKERS": "1",
    }
    manage(env, "migrate", "--no-input")
    return env


def manage(env, *args):
    completed = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def enqueue(env, function, *args):
    manage(env, "shell", "-v", "0", "-c", f"import jobs; jobs.enqueue({function!r}, *{args!r})")


def queue_state(env):
    """What the admin's pages show: jobs still queued, and each recorded job with its attempts and outcome."""
    script = (
        "import json; from django_q.models import OrmQ, Task; print(json.dumps({'queued': OrmQ.objects.count(), "
        "'tasks': [[t.func, t.attempt_count, t.success] for t in Task.objects.all()]}))"
    )
    return json.loads(manage(env, "shell", "-v", "0", "-c", script))


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(env):
        log = (tmp_path / f"worker-{len(started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)


def kill(process):
    """SIGKILL the worker and every process it started, as when a machine or a container is lost."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def lines(path):
    return path.read_text().splitlines() if path.exists() else []


def test_a_job_whose_worker_is_killed_mid_job_runs_again_and_completes_once(site, workers, tmp_path):
    trace = tmp_path / "trace.txt"
    enqueue(site, "tests.helpers.jobs.interrupted_once", str(trace))
    first = workers(site)
    wait_until(lambda: lines(trace) == ["started"], what="the job started", seconds=30, every=0.1)
    kill(first)

    workers(site)
    wait_until(lambda: "done" in lines(trace), what="the job ran again and completed", seconds=60, every=0.2)
    assert lines(trace) == ["started", "started", "done"]
    wait_until(lambda: queue_state(site)["queued"] == 0, what="the job left the queue", seconds=30, every=0.5)
    assert queue_state(site)["tasks"] == [["tests.helpers.jobs.interrupted_once", 1, True]]


def test_a_failing_job_is_retried_after_growing_pauses_then_kept_as_failed(site, workers, tmp_path):
    trace = tmp_path / "attempts.txt"
    enqueue(site, "tests.helpers.jobs.always_fails", str(trace))
    workers(site)

    wait_until(lambda: len(lines(trace)) == 3, what="three attempts", seconds=60, every=0.1)
    wait_until(lambda: queue_state(site)["queued"] == 0, what="the job left the queue", seconds=30, every=0.5)
    assert queue_state(site)["tasks"] == [["tests.helpers.jobs.always_fails", 3, False]]
    first, second, third = (float(line) for line in lines(trace))
    # JOBS_BACKOFF_SECONDS is 1: at least 1 s before the second attempt, at least 2 s before the third.
    assert second - first >= 1
    assert third - second >= 2
    assert len(lines(trace)) == 3, "tried again after JOBS_MAX_ATTEMPTS"
    listed, shown = failed_tasks_in_the_admin(site)
    assert "tests.helpers.jobs.always_fails" in listed
    assert "RuntimeError: the endpoint is down" in shown


def failed_tasks_in_the_admin(env):
    """What a superuser of that site sees under Failed tasks: the list, and the first failed task's own page."""
    script = (
        "from django.contrib.auth.models import User; from django.test import Client; from django_q.models import "
        "Failure; client = Client(); client.force_login(User.objects.create_superuser('operator', password='x')); "
        "print(client.get('/admin/django_q/failure/').content.decode()); print('=' * 40); "
        "print(client.get(f'/admin/django_q/failure/{Failure.objects.get().pk}/change/').content.decode())"
    )
    return manage(env, "shell", "-v", "0", "-c", script).split("=" * 40)


def test_make_serve_runs_jobs_beside_the_web_server(tmp_path):
    port = free_port()
    env_file = write_env_file(tmp_path, PORT=str(port), JOBS_WORKERS="1", RUN_JOBS_WORKER="")  # the default: on
    log = tmp_path / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        trace = tmp_path / "trace.txt"
        script = f"import jobs; jobs.enqueue('tests.helpers.jobs.leaves_trace', {str(trace)!r})"
        assert served_manage(env_file, "shell", "-v", "0", "-c", script).returncode == 0
        wait_until(lambda: lines(trace) == ["done"], what="the job ran", seconds=30, every=0.2, explain=log.read_text)
        assert "Jobs worker started" in log.read_text()
    finally:
        stop_serving(process)
