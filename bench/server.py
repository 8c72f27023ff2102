"""gunicorn for the benchmark: started, watched until idle between runs, restarted when it stays busy, stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with sync workers on 127.0.0.1, in the environment `env`."""

    def __init__(self, env, workers, log_path, postgres_url=None):
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.postgres_url = postgres_url
        self.port = free_port()
        self.process = None
        self.restarts = 0
        self.peak_memory = {}  # worker number -> (resident MB, proportional MB)

    def start(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [gunicorn, "newsroom.wsgi", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [*map(str, command), "--log-level", "warning"], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        measure.wait_until_up(self.port, "/bench/ceiling/")

    def stop(self, quick=False):
        """Stop gunicorn: gracefully, or at once (SIGQUIT) when it is stuck on requests nobody waits for."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT if quick else signal.SIGTERM)
        try:
            self.process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def restart(self):
        self.stop(quick=True)
        self.cancel_queries()
        self.restarts += 1
        self.start()

    def worker_pids(self):
        command = ["ps", "-o", "pid=", "--ppid", str(self.process.pid)]
        listed = subprocess.run(command, capture_output=True, text=True, timeout=10)  # noqa: S603
        return [int(pid) for pid in listed.stdout.split()]

    def record_memory(self):
        """Remember each worker's largest resident and proportional (PSS) memory seen so far."""
        for number, pid in enumerate(sorted(self.worker_pids()), start=1):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except FileNotFoundError:  # a worker gunicorn replaced just now
                continue
            rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
            pss = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024
            old = self.peak_memory.get(number, (0, 0))
            self.peak_memory[number] = (max(old[0], rss), max(old[1], pss))

    def cpu_ticks(self):
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime and stime
        return total

    def database_busy(self):
        if not self.postgres_url:
            return False
        import psycopg

        with psycopg.connect(self.postgres_url, connect_timeout=3) as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
            return connection.execute(query + " AND pid <> pg_backend_pid()").fetchone()[0] > 0

    def cancel_queries(self):
        if self.postgres_url:
            import psycopg

            with psycopg.connect(self.postgres_url, connect_timeout=3, autocommit=True) as connection:
                connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )

    def wait_until_idle(self, seconds):
        """True once the workers use no CPU and run no query, twice in a row; False if not within `seconds`.

        wrk stops on time, but requests it queued are still served after it has gone.
        """
        deadline = time.monotonic() + seconds
        quiet = 0
        ticks = self.cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_ticks()
            quiet = quiet + 1 if now - ticks <= 2 and not self.database_busy() else 0
            ticks = now
            if quiet >= 2:
                return True
        return False

    def worker_timeouts(self):
        """How many times gunicorn killed a worker that ran past its timeout."""
        text = Path(self.log_path).read_text() if os.path.exists(self.log_path) else ""
        return text.count("WORKER TIMEOUT")
