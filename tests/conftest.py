import pytest

from tests.factories import UserFactory


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
    """Each test starts with an empty cache: rate limits and cached pages never leak between tests."""
    from django.core.cache import cache

    from articles.page_cache import memory

    cache.clear()
    memory.clear()
    yield
    cache.clear()
    memory.clear()


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
