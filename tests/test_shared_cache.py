"""With no REDIS_URL, the workers of one machine share one page cache on disk (issue 14 part 2).

`make serve` with two gunicorn workers: a page rendered by one is a hit in the other. gunicorn's access log names
the worker (its pid) and the page cache's outcome of each request.
"""

import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers.served_site import (
    EDITOR_PASSWORD,
    REFERENCE_ARTICLE,
    free_port,
    manage,
    request,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)

pytestmark = pytest.mark.server

LOG_LINE = re.compile(r"^served <(\d+)> (\S+) (\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-cache")
    port = free_port()
    env_file = write_env_file(
        folder, PORT=str(port), WEB_CONCURRENCY="2",
        GUNICORN_CMD_ARGS="--access-logformat 'served %(p)s %(U)s %({x-page-cache}o)s'",
    )  # fmt: skip
    log = folder / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        yield port, log, folder
    finally:
        stop_serving(process)


def outcomes_by_worker(log, path):
    """{worker pid: [outcome of each request for `path`]}, from the access log."""
    found = defaultdict(list)
    for pid, served, outcome in LOG_LINE.findall(log.read_text()):
        if served == path:
            found[pid].append(outcome)
    return found


@pytest.mark.parametrize("path", ["/", REFERENCE_ARTICLE])
def test_a_page_cached_by_one_worker_is_a_hit_in_the_other(two_workers, path):
    port, log, folder = two_workers
    with ThreadPoolExecutor(max_workers=8) as readers:
        statuses = list(readers.map(lambda _: request(port, path)[0], range(80)))
    assert set(statuses) == {200}

    by_worker = outcomes_by_worker(log, path)
    assert len(by_worker) == 2, f"both workers served {path}: {dict(by_worker)}"
    outcomes = [outcome for served in by_worker.values() for outcome in served]
    assert outcomes.count("miss") == 1, dict(by_worker)  # rendered once, for both
    assert all("hit" in served for served in by_worker.values())
    assert (folder / "var" / "cache").is_dir()  # under VAR_DIR, where the default puts it
