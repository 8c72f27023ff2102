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

from articles import desk
from articles.page_cache import memory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers.redis_server import redis_url

pytestmark = pytest.mark.django_db

REDIS_LOCATION = redis_url(6)
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
            pytest.fail(f"Redis is not answering at {REDIS_LOCATION}")
    settings.CACHES = {"default": BACKENDS[request.param]}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    memory.clear()
    yield request.param
    cache.clear()
    memory.clear()


def beacon(article, **headers):
    return Client().post(reverse("articles:record_view", args=[article.pk]), **headers)


@pytest.mark.slow
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
    desk_most_read = desk.most_read(editor, days=7, today=timezone.localdate())
    assert flooded not in desk_most_read and [article.recent_views for article in desk_most_read] == [2] * 5


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


@pytest.fixture
def site():
    section = SectionFactory(slug="world", name="World")
    author = AuthorFactory(slug="mei-lin", name="Mei Lin")
    articles = ArticleFactory.create_batch(25, section=section, authors=[author])
    for article in articles:
        article.tags.add("Taiwan")
    return articles[0]


def reader_pages(article):
    """A page of each kind; the listings have two pages."""
    return [
        "/",
        "/section/world/",
        "/tag/taiwan/",
        "/authors/mei-lin/",
        f"/{timezone.localtime(article.publish_at):%Y}/",
        "/search/?q=Headline",
        article.get_absolute_url(),
        "/feeds/rss/",
        "/sitemap-articles.xml",
    ]


def stored_pages(backend):
    """How many pages the shared cache holds."""
    if backend == "redis":
        keys = [key.decode() for key in redis.Redis.from_url(REDIS_LOCATION).scan_iter("*page-cache:page:*")]
    else:
        keys = [key for key in cache._cache if "page-cache:page:" in key]  # the local-memory backend's store
    return sum(1 for key in keys if not key.endswith(":lock"))


@pytest.mark.slow
def test_10000_made_up_query_strings_neither_grow_the_cache_nor_force_renders(client, site, cache_backend):
    pages = reader_pages(site)
    made_up = [
        "x={n}",
        "utm_source=feed&utm_campaign={n}",
        "page=abc{n}",
        "page={n}0000",
        "page=-{n}",
        "page=0002&v={n}",
        "fbclid={n}&q=spam{n}",
        "p={n}",
        "x={n}&page=2",
    ]
    sent, rendered = set(), 0
    for n in range(10_000):
        page = pages[n % len(pages)]
        query = made_up[(n // len(pages)) % len(made_up)].format(n=n)
        if "q=" in query and "/search/" in page:
            query = f"x={n}"  # a new search is a new page
        url = f"{page}{'&' if '?' in page else '?'}{query}"
        sent.add(url)
        response = client.get(url)
        assert response.status_code in (200, 404), url  # a sitemap has no page 2
        rendered += response.status_code == 200 and response["X-Page-Cache"] != "hit"
    assert len(sent) == 10_000
    # Each listing has a first, a second and a last page (the same as the second here); the others one.
    assert rendered <= 3 * len(pages)
    assert stored_pages(cache_backend) == rendered


def test_a_query_string_shows_on_no_cached_page(client, site):
    """What one reader put after the ? must not reach the readers served the same entry after them."""
    marker = "zz-from-the-query-string"
    for page in reader_pages(site):
        url = f"{page}{'&' if '?' in page else '?'}ref={marker}&{marker}=1"
        assert client.get(url).status_code == 200
        response = client.get(page)
        assert response["X-Page-Cache"] == "hit", page
        assert marker not in response.content.decode(), page


def test_a_year_written_with_leading_zeros_is_no_second_address_of_its_archive(client, site, cache_backend):
    year = timezone.localtime(site.publish_at).year
    assert client.get(f"/{year}/").status_code == 200
    before = stored_pages(cache_backend)
    for zeros in range(1, 200):
        assert client.get(f"/{'0' * zeros}{year}/").status_code == 404
    assert client.get(f"/0{site.get_absolute_url()[1:]}").status_code == 404
    assert stored_pages(cache_backend) == before
