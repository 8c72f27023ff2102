"""The page cache's tests each run on the local-memory cache and on Redis."""

import pytest
from django.core.cache import cache

from articles.page_cache import memory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers.redis_server import redis_url

REDIS_TEST_URL = redis_url(13)
BACKENDS = {
    "local-memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL},
}


@pytest.fixture(params=BACKENDS, autouse=True)
def page_cache(request, settings):
    settings.CACHES = {"default": BACKENDS[request.param]}
    settings.PAGE_CACHE_SECONDS = 600
    if request.param == "redis":
        settings.PAGE_CACHE_LOCAL_PAGES = 0  # every hit comes from Redis, as on another server
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
