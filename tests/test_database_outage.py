"""Pages through a database outage (issue 14 part 5), under `make serve` on PostgreSQL.

The test database stops taking connections (`ALLOW_CONNECTIONS false`, its sessions terminated): readers still
get every page the cache holds, past its freshness and marked `X-Page-Cache: stale`; a page never cached is a
short 503 with Retry-After; once the database takes connections again, the next request is rendered afresh.
A hung database (a proxy in front of it that accepts connections and never answers) is tried once, not by every
reader: it is left alone a few seconds, while readers get the same stale pages and 503s at once.
"""

import time
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql

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
from tests.helpers.tcp_proxy import FreezableProxy
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.server

POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"
DATABASE = "newsroom_database_outage"
FRESH_SECONDS = 2


def administer(*statements):
    with psycopg.connect(POSTGRES.format(name="postgres"), autocommit=True, connect_timeout=5) as connection:
        for statement in statements:
            connection.execute(statement)


def allow_connections(allowed: bool):
    database = sql.Identifier(DATABASE)
    administer(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(database, sql.Literal(allowed)))
    if not allowed:
        administer(
            sql.SQL("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = {}").format(
                sql.Literal(DATABASE)
            )
        )


def fresh_database():
    try:
        administer(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)),
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)),
        )
    except psycopg.OperationalError as error:
        pytest.fail(f"The outage test needs PostgreSQL on 127.0.0.1 (see README.md): {error}")


@contextmanager
def serving(folder, database_url, **settings):
    """`make serve` with one worker on `database_url`, the demo loaded; its port."""
    port = free_port()
    env_file = write_env_file(
        folder, PORT=str(port), DATABASE_URL=database_url, WEB_CONCURRENCY="1",
        PAGE_CACHE_SECONDS=str(FRESH_SECONDS), PAGE_CACHE_CHECK_SECONDS="1", **settings,
    )  # fmt: skip
    log = folder / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        yield port
    finally:
        stop_serving(process)


@pytest.fixture
def site_on_postgresql(tmp_path):
    fresh_database()
    try:
        with serving(tmp_path, POSTGRES.format(name=DATABASE)) as port:
            yield port
    finally:
        allow_connections(True)


@pytest.fixture
def site_behind_a_proxy(tmp_path):
    """The site on PostgreSQL through a FreezableProxy: (port, proxy)."""
    fresh_database()
    proxy = FreezableProxy(5432)
    try:
        # A new connection for each request: one kept open would wait for the hung database with no time limit,
        # until gunicorn's worker timeout (30 s) replaced the worker; new connections give up after connect_timeout.
        database_url = f"postgres://postgres@127.0.0.1:{proxy.port}/{DATABASE}"
        with serving(tmp_path, database_url, CONN_MAX_AGE="0") as port:
            yield port, proxy
    finally:
        proxy.close()


def warm(port, paths):
    """Each page asked for until the cache serves it; {path: page}."""
    pages = {}
    for path in paths:
        for _ in range(3):
            status, headers, page = request(port, path)
            assert status == 200, path
        assert headers["X-Page-Cache"] == "hit", path
        pages[path] = page
    return pages


def test_cached_pages_are_served_stale_and_others_get_a_503_until_the_database_returns(site_on_postgresql):
    port = site_on_postgresql
    cached = ["/", REFERENCE_ARTICLE, "/section/asia/"]
    pages = warm(port, cached)

    allow_connections(False)
    try:
        time.sleep(FRESH_SECONDS + 0.5)  # every cached page is past its freshness
        for path in cached * 3:
            status, headers, page = request(port, path)
            assert (status, headers["X-Page-Cache"]) == (200, "stale"), path
            assert page == pages[path], path
        status, headers, page = request(port, "/section/world/")  # never asked for: not in the cache
        assert status == 503
        assert int(headers["Retry-After"]) > 0 and "Temporarily unavailable" in page
    finally:
        allow_connections(True)

    for path in cached:
        status, headers, page = request(port, path)
        assert (status, headers["X-Page-Cache"]) == (200, "miss"), path  # rendered afresh at once
    assert request(port, "/section/world/")[0] == 200


def test_a_hung_database_is_tried_once_while_readers_get_stale_pages_and_503s(site_behind_a_proxy):
    port, proxy = site_behind_a_proxy
    cached = ["/", REFERENCE_ARTICLE]
    pages = warm(port, cached)

    proxy.freeze()
    time.sleep(FRESH_SECONDS + 0.5)
    for path in cached * 3:
        status, headers, page = request(port, path)
        assert (status, headers["X-Page-Cache"], page) == (200, "stale", pages[path]), path
    status, headers, _ = request(port, "/section/world/")
    assert status == 503 and int(headers["Retry-After"]) > 0
    assert len(proxy.held) == 1  # the first reader's wait found it hung; the six others did not try it

    proxy.thaw()
    wait_until(
        lambda: request(port, REFERENCE_ARTICLE)[1]["X-Page-Cache"] == "miss",
        what="the article rendered afresh once the database answers again",
        seconds=30,
    )
    assert request(port, "/section/world/")[0] == 200
