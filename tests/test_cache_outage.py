"""A Redis outage degrades the site to uncached pages, never to errors (issue 6).

Real parts: a port nothing listens on, a socket that accepts connections but never answers
(a hung Redis), the test run's Redis (database 12), and a throwaway redis-server
stopped and started again mid-test.
"""

import logging
import socket

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.models import Article, Status
from newsroom import cache as fail_soft
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers.redis_server import ThrowawayRedis, redis_url
from tests.helpers.settings_check import read_settings
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.django_db

LIVE_REDIS_URL = redis_url(12)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_redis(settings, location, **options):
    settings.CACHES = {
        "default": {"BACKEND": "newsroom.cache.FailSoftRedisCache", "LOCATION": location, "OPTIONS": options}
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_LOCAL_PAGES = 0  # every page goes through Redis, as on a server that has not seen it


@pytest.fixture(autouse=True)
def no_outage_remembered():
    fail_soft.outages.clear()
    yield
    fail_soft.outages.clear()


class HungRedis:
    """A socket that accepts connections and never answers, as a hung Redis does; it counts the connections."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.setblocking(False)
        self.url = f"redis://127.0.0.1:{self.socket.getsockname()[1]}/0"
        self.accepted = []

    def connections(self):
        """How many connections the site has opened to it so far."""
        while True:
            try:
                self.accepted.append(self.socket.accept()[0])
            except BlockingIOError:
                return len(self.accepted)

    def close(self):
        for peer in self.accepted:
            peer.close()
        self.socket.close()


@pytest.fixture(params=["refused", "hung"])
def redis_down(request, settings):
    """Redis is down (nothing listens on its port: None) or hung (a HungRedis)."""
    if request.param == "refused":
        use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
        yield None
        return
    hung = HungRedis()
    # Longer than any test: the site tries the hung Redis again only after this, so one request pays its wait.
    use_redis(settings, hung.url, retry_after=600)
    yield hung
    hung.close()


@pytest.fixture
def live_redis(settings):
    try:
        redis.Redis.from_url(LIVE_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not answering at {LIVE_REDIS_URL}")
    use_redis(settings, LIVE_REDIS_URL)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def throwaway_redis():
    server = ThrowawayRedis()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def article():
    return ArticleFactory(headline="Typhoon nears Taipei", section=SectionFactory(slug="asia", name="Asia"))


def reader_urls(article):
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:section", args=["asia"]),
        reverse("articles:feed_rss"),
    ]


def cache_warnings(caplog):
    return [r for r in caplog.records if r.name == "newsroom.cache" and r.levelno == logging.WARNING]


def views(article):
    article.refresh_from_db()
    return article.view_count


def test_redis_url_selects_the_fail_soft_cache(tmp_path):
    backend = read_settings(
        tmp_path, "s.CACHES['default']['BACKEND']", DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    assert backend == "newsroom.cache.FailSoftRedisCache"


def test_pages_answer_with_their_content_and_quickly_while_redis_is_down(client, redis_down, article):
    for url in reader_urls(article) * 2:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Typhoon nears Taipei" in response.content.decode(), url
    if redis_down:  # hung: the first request waited for it, and the seven others did not try it again
        assert redis_down.connections() == 1


def test_the_view_beacon_counts_every_view_while_redis_is_down(client, redis_down, article):
    """The per-reader limit fails open: without Redis each beacon counts rather than none."""
    url = reverse("articles:record_view", args=[article.pk])
    assert [client.post(url).status_code for _ in range(2)] == [204, 204]
    assert views(article) == 2
    if redis_down:  # hung: only the first beacon waited for it
        assert redis_down.connections() == 1


def test_publishing_while_redis_is_down_shows_on_the_pages(client, redis_down, editor, article):
    draft = ArticleFactory(
        headline="Ferries suspended", section=article.section, status=Status.DRAFT, publish_at=None,
        first_published_at=None,
    )  # fmt: skip
    assert "Ferries suspended" not in client.get(reverse("articles:home")).content.decode()

    published = services.article_publish(article=Article.objects.get(pk=draft.pk), by=editor)

    assert "Ferries suspended" in client.get(reverse("articles:home")).content.decode()
    assert "Ferries suspended" in client.get(reverse("articles:section", args=["asia"])).content.decode()
    assert client.get(published.get_absolute_url()).status_code == 200


def test_an_outage_logs_one_warning_not_one_per_request(client, settings, caplog, article):
    # retry_after=0: every request tries Redis again, so only the warning's own limit keeps the log quiet.
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0", retry_after=0)
    with caplog.at_level(logging.INFO, logger="newsroom.cache"):
        for _ in range(25):
            assert client.get(article.get_absolute_url()).status_code == 200
            client.post(reverse("articles:record_view", args=[article.pk]))
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1
    assert "ConnectionError" in warnings[0].getMessage()


def test_every_cache_operation_answers_as_a_miss_while_redis_is_down(settings):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0", retry_after=0)
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.add("key", 1) is True
    assert cache.add_many({"a": 1, "b": 2}) == {"a", "b"}
    assert cache.set("key", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.clear() is False
    with pytest.raises(ValueError):
        cache.incr("key")
    with pytest.raises(ValueError):
        cache.decr("key")
    assert cache.count("counted", 60) == 1  # a limit fails open


def test_with_redis_up_the_fail_soft_cache_is_a_normal_cache(client, live_redis, article):
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and len(queries) == 0
    assert "Typhoon nears Taipei" in response.content.decode()

    beacon = reverse("articles:record_view", args=[article.pk])
    assert [client.post(beacon).status_code for _ in range(2)] == [204, 204]
    assert views(article) == 1  # the reader's second beacon is remembered in Redis and not counted

    assert cache.set_many({"a": 1}) == [] and cache.incr("a") == 2
    # add_many, as add() for each key in one round trip: what is there stays, what is not is set.
    assert cache.add_many({"a": 5, "b": 3}, None) == {"b"}
    assert cache.get_many(["a", "b"]) == {"a": 2, "b": 3}


def test_a_rate_limit_on_redis_counts_in_a_window_that_starts_with_the_first_count(live_redis):
    from common.clients import within_limit

    assert [within_limit("client-1", 3, 60) for _ in range(4)] == [True, True, True, False]
    assert within_limit("client-2", 3, 60), "another client has its own count"
    made = cache.make_and_validate_key("client-1")
    lives = redis.Redis.from_url(LIVE_REDIS_URL).ttl(made)
    assert 0 < lives <= 60
    within_limit("client-1", 3, 60)
    assert redis.Redis.from_url(LIVE_REDIS_URL).ttl(made) <= lives, "a later count moved the window on"
    assert cache.get("client-1") == 5


@pytest.mark.server
def test_caching_stops_when_redis_goes_away_and_resumes_when_it_comes_back(
    client, settings, caplog, throwaway_redis, article
):
    use_redis(settings, throwaway_redis.url, retry_after=0.2)
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    with caplog.at_level(logging.INFO, logger="newsroom.cache"):
        throwaway_redis.stop()
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200
            assert response["X-Page-Cache"] == "miss"  # rendered afresh each time: nothing can be kept
            assert "Typhoon nears Taipei" in response.content.decode()
        assert len(cache_warnings(caplog)) == 1

        throwaway_redis.start()
        answers = []

        def redis_answers_again():  # once retry_after has passed, the next request tries Redis again
            answers.append(client.get(url)["X-Page-Cache"])
            return "The Redis cache answers again." in caplog.messages

        wait_until(redis_answers_again, what="the site using the restarted Redis", seconds=5)
        assert answers[-1] == "miss"  # the restarted Redis is empty
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert "The Redis cache answers again." in caplog.messages
