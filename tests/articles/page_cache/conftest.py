"""The page cache's tests each run on the local-memory cache, the cache shared on disk (the default) and Redis."""

import pytest
from django.core.cache import cache

from articles.page_cache import memory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers.redis_server import redis_url

REDIS_TEST_URL = redis_url(13)
BACKENDS = {
    "local-memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared-disk": {"BACKEND": "newsroom.cache.KeptOpenDiskCache", "DATABASE_TIMEOUT": 1.0},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL},
}
# Caches every process of a machine (or of many) shares.
SHARED = {"shared-disk", "redis"}


@pytest.fixture(params=BACKENDS, autouse=True)
def page_cache(request, settings, tmp_path):
    backend = dict(BACKENDS[request.param])
    if request.param == "shared-disk":
        backend["LOCATION"] = str(tmp_path / "page-cache")
    settings.CACHES = {"default": backend}
    settings.PAGE_CACHE_SECONDS = 600
    if request.param in SHARED:
        settings.PAGE_CACHE_LOCAL_PAGES = 0  # every hit comes from the shared cache, as in another process
    cache.clear()
    memory.clear()
    yield request.param
    cache.clear()
    memory.clear()


@pytest.fixture
def newsroom():
    section = SectionFactory(slug="asia", name="Asia")
    author = AuthorFactory(slug="mei-lin", name="Mei Lin")
    article = ArticleFactory(headline="Original headline", section=section, authors=[author])
    article.tags.add("Taiwan")
    return article
