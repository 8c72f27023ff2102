import pytest

from tests.factories import UserFactory
from tests.helpers.redis_server import stop_run_server
from tests.helpers.served_site import (
    EDITOR_PASSWORD,
    MEDIA_ORIGIN,
    free_port,
    manage,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)

# Fixtures that start a browser or a server in a process of its own, and the marker a test using one must carry
# for `make test-fast` (pytest -m "not browser and not server and not slow") to leave it out.
MARKED_FIXTURES = {
    "live_server": "browser",
    "browser": "browser",
    "served_site": "server",
    "servers": "server",
    "s3_endpoint": "server",
    "holding_mail_server": "server",
    "throwaway_redis": "server",
}


def pytest_unconfigure(config):
    stop_run_server()


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, marker in MARKED_FIXTURES.items():
            if fixture in item.fixturenames and item.get_closest_marker(marker) is None:
                raise pytest.UsageError(f"{item.nodeid} uses the fixture {fixture}: mark it @pytest.mark.{marker}")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", role="Reporter")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no rate limit, cached page, card or shared block leaks between tests."""
    from django.core.cache import cache

    from articles import shared_blocks
    from articles.page_cache import memory
    from articles.templatetags.cards import cards

    for forget in (cache.clear, memory.clear, cards.clear, shared_blocks.clear):
        forget()
    yield
    for forget in (cache.clear, memory.clear, cards.clear, shared_blocks.clear):
        forget()


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh, empty MEDIA_ROOT: SQLite reuses ids after a rollback, and with them rendition folders."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def uncached_pages(settings):
    """Pages rendered every time, for tests that count what rendering costs."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """`make serve` on a free port, its database migrated by it, then the demo loaded; the port.

    MEDIA_URL is on its own origin, the alternative .env.example documents, so that it is tried too.
    """
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env_file = write_env_file(folder, PORT=str(port), MEDIA_URL=f"{MEDIA_ORIGIN}/uploads/")
    log = folder / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        yield port
    finally:
        stop_serving(process)
