"""Scale-out: two app servers on different ports, one PostgreSQL and one Redis between them.

Both run as `make serve` runs them in production. An editor publishes through one; a reader of
the other sees the article at once (on the home page they had cached, and at its address), and
unpublishing through the second takes it away from the first. The services are the machine's
own PostgreSQL and Redis on 127.0.0.1, as in CI; the test fails, rather than skips, without them.
"""

import re

import psycopg
import pytest
import redis
from psycopg import sql

from tests.helpers import editor_session
from tests.helpers.editor_session import article_in_review, run_action
from tests.helpers.redis_server import redis_url
from tests.helpers.served_site import (
    EDITOR_PASSWORD,
    free_port,
    manage,
    request,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.server

POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"
DATABASE = "newsroom_scale_out"
REDIS_URL = redis_url(11)
# Production asks the demo editor for a second factor after the password: recovery codes issued to the editor
# as an operator would (django-otp's addstatictoken), one per sign-in.
recovery_codes = []


def fresh_services():
    try:
        with psycopg.connect(POSTGRES.format(name="postgres"), autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
    except (psycopg.OperationalError, redis.RedisError) as error:
        pytest.fail(f"The scale-out test needs PostgreSQL and Redis on 127.0.0.1 (see README.md): {error}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    fresh_services()
    folder = tmp_path_factory.mktemp("scale-out")
    shared = {
        "DATABASE_URL": POSTGRES.format(name=DATABASE),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "s" * 10 + "x" * 50,
        # Far longer than the test: only the purge in the shared Redis can make a change show in time.
        "PAGE_CACHE_CHECK_SECONDS": "600",
        # One worker each, so that the reads before the publish leave every worker holding the page from before.
        "WEB_CONCURRENCY": "1",
    }
    ports, processes = [free_port(), free_port()], []
    try:
        for number, port in enumerate(ports):
            env_file = write_env_file(folder, PORT=str(port), **shared)
            env_file = env_file.rename(folder / f"server-{number}.env")
            log = folder / f"server-{number}.log"
            processes.append(start_serving(env_file, log))
            wait_until_up(processes[-1], port, log)
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        recovery_codes.extend(editor_session.recovery_codes(env_file, 3))
        yield ports
    finally:
        for process in processes:
            stop_serving(process)


def editor_cookies(port):
    return editor_session.editor_cookies(port, recovery_codes.pop())


def draft(port):
    """The demo's draft in review: the editor's cookies, its id and headline."""
    cookies = editor_cookies(port)
    return cookies, *article_in_review(port, cookies)


def page_once_it_shows(port, path, condition):
    """The page at `path` once `condition` holds of it, asking again until it does.

    The periodic check is ten minutes away (PAGE_CACHE_CHECK_SECONDS): only the purge in Redis can show it sooner.
    """

    def shown():
        status, _, page = request(port, path)
        return page if status == 200 and condition(page) else None

    return wait_until(shown, what=f"the change showing at {path} on port {port}", seconds=30)


def test_a_publish_on_one_server_is_seen_through_the_other_at_once(servers):
    first, second = servers
    cookies, article_id, headline = draft(first)
    for port in servers:  # both have the home page in the shared cache, without the article
        for _ in range(2):
            status, _, home = request(port, "/")
            assert status == 200 and headline not in home

    run_action(first, cookies, "publish", article_id)

    home = page_once_it_shows(second, "/", lambda page: headline in page)
    address = re.search(r'href="(/\d{4}/\d\d/\d\d/[^"]+/)"[^>]*>\s*' + re.escape(headline), home)
    assert address, "the home page links the article"
    assert request(second, address.group(1))[0] == 200

    run_action(second, editor_cookies(second), "unpublish", article_id)

    page_once_it_shows(first, "/", lambda page: headline not in page)
    assert request(first, address.group(1))[0] == 404
