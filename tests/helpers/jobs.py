"""Jobs for the tests of the job queue (tests/jobs/): each leaves its trace in a file, one line a run."""

import time
from pathlib import Path


def interrupted_once(trace: str) -> None:
    """Writes "started"; the first run then waits long enough to be killed; a later one writes "done"."""
    path = Path(trace)
    with path.open("a") as file:
        file.write("started\n")
    if path.read_text().count("started") == 1:
        time.sleep(60)
    with path.open("a") as file:
        file.write("done\n")


def always_fails(trace: str) -> None:
    with Path(trace).open("a") as file:
        file.write(f"{time.monotonic()}\n")
    raise RuntimeError("the endpoint is down")


def leaves_trace(trace: str) -> None:
    with Path(trace).open("a") as file:
        file.write("done\n")


def run_queued_jobs() -> int:
    """Run every queued job here and now, as a worker would (tests/jobs/ shows the real worker doing so)."""
    from django.utils.module_loading import import_string
    from django_q.models import OrmQ
    from django_q.signing import SignedPackage

    ran = 0
    for queued in OrmQ.objects.order_by("pk"):
        task = SignedPackage.loads(queued.payload)
        queued.delete()
        import_string(task["func"])(*task["args"], **task["kwargs"])
        ran += 1
    return ran
