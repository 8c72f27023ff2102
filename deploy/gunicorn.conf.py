"""gunicorn for `make serve`, configured from the environment (README.md, "Production").

Other options go in GUNICORN_CMD_ARGS, which gunicorn reads itself (e.g. "--timeout 60").
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

from newsroom.environment import env_bool

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers serve one request each at a time: WEB_CONCURRENCY is how many requests are served at once.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
accesslog = "-"
# gunicornc is not used; without this, every gunicorn on the machine would share one control socket path.
control_socket_disable = True


def on_starting(server):
    """Start a jobs worker (`manage.py qcluster`) beside the web server, unless RUN_JOBS_WORKER is false."""
    if not env_bool("RUN_JOBS_WORKER", True):
        return
    manage = Path(__file__).resolve().parents[1] / "manage.py"
    # In a session of its own: a SIGTERM sent to gunicorn's whole process group would also reach the worker's
    # children directly, and django-q2's main process then waits for them for ever; it is stopped in on_exit.
    server.jobs_worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(manage), "qcluster"],
        start_new_session=True,
        preexec_fn=_ends_with_parent,  # noqa: PLW1509
    )
    server.log.info("Jobs worker started (pid %s)", server.jobs_worker.pid)


def on_exit(server):
    """Ask the jobs worker to stop until it has: django-q2 misses a SIGTERM that comes while it is starting."""
    worker = getattr(server, "jobs_worker", None)
    for _ in range(timeout):
        if worker is None or worker.poll() is not None:
            return
        worker.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=1)
    worker.kill()


def _ends_with_parent():
    """The worker gets SIGTERM if gunicorn's master dies without running on_exit (Linux's PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)
