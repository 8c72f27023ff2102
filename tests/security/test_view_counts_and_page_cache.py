"""Readers' numbers a stranger cannot fake, and a page cache a stranger cannot fill.

A script rotating User-Agents, or another site making its visitors' browsers send beacons, adds no views;
a loop of made-up query strings neither forces renders nor grows the cache. On the local-memory cache and
on Redis, as production runs it.
"""

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import dashboard
from articles.page_cache import memory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

REDIS_LOCATION = "redis://127.0.0.1:6379/6"
BACKENDS = {
    "local-memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_LOCATION},
}


@pytest.fixture(params=BACKENDS, autouse=True)
def cache_backend(request, settings):
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_LOCATION, socket_connect_timeout=1).ping()
        except redis.ConnectionError:
            pytest.fail("Redis is not answering on 127.0.0.1:6379")
    settings.CACHES = {"default": BACKENDS[request.param]}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    memory.clear()
    yield request.param
    cache.clear()
    memory.clear()


def beacon(article, **headers):
    return Client().post(reverse("articles:record_view", args=[article.pk]), **headers)


def test_a_client_rotating_1000_user_agents_adds_one_view_and_does_not_top_most_read(client, editor):
    flooded = ArticleFactory(headline="Flooded story")
    read = [ArticleFactory(headline=f"Read story {n}") for n in range(5)]
    for n in range(1000):
        response = beacon(flooded, REMOTE_ADDR="198.51.100.66", headers={"User-Agent": f"Mozilla/5.0 (Bot {n})"})
        assert response.status_code == 204
    for story in read:
        for reader in range(2):
            beacon(story, REMOTE_ADDR=f"203.0.113.{reader + 1}")

    flooded.refresh_from_db()
    assert flooded.view_count == 1
    home = client.get(reverse("articles:home")).content.decode()
    most_read = home.split('id="most-read-heading"')[1].split("</aside>")[0]
    assert "Flooded story" not in most_read
    assert all(story.headline in most_read for story in read)
    desk = dashboard.most_read(editor, days=7, today=timezone.localdate())
    assert flooded not in desk and [article.recent_views for article in desk] == [2] * 5


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "Cross-Site"},
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "null"},
        {"Origin": "http://["},
        {"Origin": "http://testserver", "Sec-Fetch-Site": "cross-site"},
    ],
    ids=["sec-fetch-site", "sec-fetch-site-case", "origin", "origin-lookalike", "origin-null", "origin-junk", "both"],
)
def test_a_beacon_from_another_site_is_answered_like_any_but_not_counted(headers):
    article = ArticleFactory()
    response = beacon(article, headers=headers)
    assert response.status_code == 204 and response.content == b""
    article.refresh_from_db()
    assert article.view_count == 0
    beacon(article)  # the same reader on our own page
    article.refresh_from_db()
    assert article.view_count == 1  # the other site's beacon did not use up the reader's view


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://TESTSERVER"},
        {"Origin": "https://www.newsroom.example"},
    ],
    ids=["same-origin", "same-site", "origin-case", "trusted-origin"],
)
def test_a_beacon_from_our_own_pages_is_counted(headers, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.newsroom.example"]
    article = ArticleFactory()
    assert beacon(article, headers=headers).status_code == 204
    article.refresh_from_db()
    assert article.view_count == 1
