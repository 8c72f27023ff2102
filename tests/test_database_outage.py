"""Pages through a database outage (issue 14 part 5), under `make serve` on PostgreSQL.

The test database stops taking connections (`ALLOW_CONNECTIONS false`, its sessions terminated): readers still
get every page the cache holds, past its freshness and marked `X-Page-Cache: stale`; a page never cached is a
short 503 with Retry-After; once the database takes connections again, the next request is rendered afresh.
"""

import time

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


@pytest.fixture(scope="module")
def site_on_postgresql(tmp_path_factory):
    try:
        administer(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)),
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)),
        )
    except psycopg.OperationalError as error:
        pytest.fail(f"The outage test needs PostgreSQL on 127.0.0.1 (see README.md): {error}")
    folder = tmp_path_factory.mktemp("database-outage")
    port = free_port()
    env_file = write_env_file(
        folder, PORT=str(port), DATABASE_URL=POSTGRES.format(name=DATABASE), WEB_CONCURRENCY="2",
        PAGE_CACHE_SECONDS=str(FRESH_SECONDS), PAGE_CACHE_CHECK_SECONDS="1",
    )  # fmt: skip
    log = folder / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        yield port
    finally:
        allow_connections(True)
        stop_serving(process)


def test_cached_pages_are_served_stale_and_others_get_a_503_until_the_database_returns(site_on_postgresql):
    port = site_on_postgresql
    cached = ["/", REFERENCE_ARTICLE, "/section/asia/"]
    pages = {}
    for path in cached:
        for _ in range(4):  # each of the two workers has polled, and the shared cache holds the page
            status, headers, page = request(port, path)
            assert status == 200, path
        assert headers["X-Page-Cache"] == "hit", path
        pages[path] = page

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
