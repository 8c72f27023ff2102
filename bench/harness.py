"""What the benchmarks share (bench/run.py, bench/imports.py): running manage.py, the databases and Redis they
use, and how they say what they do and why they could not run."""

import subprocess
import sys
import urllib.parse
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class HarnessError(Exception):
    """The benchmark itself could not run (as opposed to a target being missed)."""


def say(message):
    print(f"[bench] {message}", flush=True)


def manage(env, *args, timeout=300):
    """Run a manage.py command with `env`; its output, or HarnessError with the end of it."""
    try:
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"manage.py {' '.join(args)} did not finish within {timeout} s") from error
    if completed.returncode != 0:
        tail = (completed.stdout + completed.stderr).strip().splitlines()[-15:]
        raise HarnessError(f"manage.py {' '.join(args)} failed:\n" + "\n".join(tail))
    return completed.stdout


# --- the database and the cache ----------------------------------------------------------------


def postgres_answers(url):
    import psycopg

    try:
        with psycopg.connect(maintenance_url(url), connect_timeout=3) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError:
        return None


def maintenance_url(url):
    return urllib.parse.urlparse(url)._replace(path="/postgres").geturl()


def recreate_postgres(url):
    import psycopg
    from psycopg import sql

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect(maintenance_url(url), autocommit=True, connect_timeout=3) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def empty_cache(redis_url):
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url, socket_timeout=5).flushdb()


def versions(postgres_version, redis_version):
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10)  # noqa: S603, S607
    found = {"Python": sys.version.split()[0]}
    found.update({name: metadata.version(name) for name in ("Django", "gunicorn", "whitenoise", "psycopg")})
    if postgres_version:
        found["PostgreSQL"] = postgres_version
    if redis_version:
        found["Redis"] = redis_version
    found["wrk"] = (wrk.stdout or wrk.stderr).split()[1] if (wrk.stdout or wrk.stderr) else "?"
    return found


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=3).info("server")["redis_version"]
    except redis.RedisError:
        return None
