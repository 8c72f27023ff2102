"""A redis-server of the test run's own, so that two runs on one machine (two checkouts, CI beside a
developer) never clear each other's databases, as they did sharing the one on 127.0.0.1:6379."""

import os
import subprocess

import pytest
import redis

from tests.helpers.served_site import free_port
from tests.helpers.waiting import wait_until

ADDRESS_VARIABLE = "NEWSROOM_TEST_REDIS"


class ThrowawayRedis:
    """A redis-server of our own on a free port, which a test may stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def answering():
            if self.process.poll() is not None:
                pytest.fail(f"redis-server stopped with status {self.process.returncode}")
            try:
                return redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
            except redis.ConnectionError:
                return False

        wait_until(answering, what=f"redis-server answering on port {self.port}", seconds=10)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=5)


_run_server = None


def redis_url(database: int) -> str:
    """The address of one database of the run's Redis: NEWSROOM_TEST_REDIS (redis://host:port) if set, else a
    redis-server started on first use (test modules ask at import) and stopped when the run ends."""
    global _run_server
    if not os.environ.get(ADDRESS_VARIABLE):
        _run_server = ThrowawayRedis()
        _run_server.start()
        os.environ[ADDRESS_VARIABLE] = _run_server.url.rsplit("/", 1)[0]
    return f"{os.environ[ADDRESS_VARIABLE]}/{database}"


def stop_run_server():
    global _run_server
    if _run_server is not None:
        _run_server.stop()
        del os.environ[ADDRESS_VARIABLE]
        _run_server = None
