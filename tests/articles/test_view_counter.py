"""The view counter: one counted view per reader per article, whatever a script sends."""

import datetime
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleHourlyViews
from tests.factories import UNPUBLISHED_STATES, ArticleFactory
from tests.helpers.redis_server import redis_url
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.django_db

REDIS_LOCATION = redis_url(15)


@pytest.fixture(autouse=True)
def empty_cache():
    """Counted views are remembered in the cache: start each test, and leave it, with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Run a rate-limit test on the local-memory cache, then on Redis as production runs it."""
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_LOCATION, socket_connect_timeout=1).ping()
        except redis.ConnectionError:
            pytest.fail(f"Redis is not answering at {REDIS_LOCATION}")
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_LOCATION}
        }
    cache.clear()
    yield request.param
    cache.clear()


def beacon(article, client=None, **headers):
    client = client or Client()
    return client.post(reverse("articles:record_view", args=[article.pk]), **headers)


def views(article):
    article.refresh_from_db()
    return article.view_count


def test_a_beacon_counts_one_view_in_one_update_and_upserts_of_the_day_s_and_the_hour_s_buckets(
    django_assert_num_queries,
):
    article = ArticleFactory(view_count=4)
    this_hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    stale = ArticleHourlyViews.objects.create(article=article, hour=this_hour - datetime.timedelta(hours=49), views=7)
    kept = ArticleHourlyViews.objects.create(article=article, hour=this_hour - datetime.timedelta(hours=47), views=3)
    savepoints = 0 if connection.vendor == "sqlite" else 2  # PostgreSQL: the beacon's transaction
    with django_assert_num_queries(4 + savepoints) as captured:  # the hour's first view
        response = beacon(article)
    assert response.status_code == 204 and response.content == b""
    statements = [query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]
    # The hour's first view also forgets the article's hours older than two days.
    assert [sql.split()[0] for sql in statements] == ["UPDATE", "INSERT", "INSERT", "DELETE"]
    assert "DO UPDATE" in statements[1] and "DO NOTHING" in statements[2]
    assert views(article) == 5
    assert list(article.daily_views.values_list("day", "views")) == [(timezone.localdate(), 1)]
    assert set(article.hourly_views.values_list("pk", "views")) == {(kept.pk, 3), (this_hour_pk(article), 1)}
    assert not ArticleHourlyViews.objects.filter(pk=stale.pk).exists()

    with django_assert_num_queries(4 + savepoints) as captured:  # another reader in the same hour
        beacon(article, REMOTE_ADDR="203.0.113.9")
    statements = [query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]
    assert [sql.split()[0] for sql in statements] == ["UPDATE", "INSERT", "INSERT", "UPDATE"]  # nothing to forget
    assert article.hourly_views.get(hour=this_hour).views == 2


def this_hour_pk(article):
    return article.hourly_views.get(hour=timezone.now().replace(minute=0, second=0, microsecond=0)).pk


def test_a_reader_who_comes_back_within_the_window_counts_once(cache_backend):
    article = ArticleFactory()
    assert [beacon(article).status_code for _ in range(3)] == [204, 204, 204]
    assert views(article) == 1


@pytest.mark.slow
def test_a_reader_who_comes_back_after_the_window_counts_again(cache_backend, settings):
    settings.VIEW_COUNTER_WINDOW_SECONDS = 1  # the shortest Redis keeps a key for, and so a second of real time
    article = ArticleFactory()
    beacon(article)
    # The reader's beacons within the window count nothing; the first after it, one view more.
    wait_until(lambda: beacon(article).status_code == 204 and views(article) > 1, what="a beacon counting again")
    assert views(article) == 2


def test_readers_at_other_addresses_each_count(cache_backend):
    article = ArticleFactory()
    beacon(article, REMOTE_ADDR="203.0.113.1")
    beacon(article, REMOTE_ADDR="203.0.113.2")
    beacon(article, REMOTE_ADDR="2001:db8:1:2::1")
    assert views(article) == 3


def test_browsers_at_one_address_count_once_whatever_user_agent_they_send(cache_backend):
    """The User-Agent is the client's to choose: a script changing it must not count again."""
    article = ArticleFactory()
    for agent in ["Firefox", "Safari", "", "Script/1"]:
        beacon(article, REMOTE_ADDR="203.0.113.3", headers={"User-Agent": agent})
    assert views(article) == 1


def test_a_script_cycling_through_articles_is_capped_per_minute(cache_backend, settings):
    settings.VIEW_COUNTER_MAX_PER_MINUTE = 3
    articles = ArticleFactory.create_batch(5)
    for article in articles:
        # Changing the user agent does not get round the cap.
        response = beacon(article, REMOTE_ADDR="203.0.113.9", headers={"User-Agent": f"Script/{article.pk}"})
        assert response.status_code == 204
    assert sum(views(article) for article in articles) == 3
    beacon(articles[-1], REMOTE_ADDR="203.0.113.10")
    assert views(articles[-1]) == 1  # another reader is not held back by the script


def test_addresses_in_one_ipv6_64_count_as_one_client(cache_backend):
    article = ArticleFactory()
    for host in ["2001:db8:1:2::1", "2001:db8:1:2::beef", "2001:db8:1:2:ffff::9"]:
        beacon(article, REMOTE_ADDR=host)
    beacon(article, REMOTE_ADDR="2001:db8:1:3::1")
    assert views(article) == 2


def test_a_forged_x_forwarded_for_does_not_make_a_new_reader():
    article = ArticleFactory()
    for forged in ["198.51.100.1", "198.51.100.2"]:
        beacon(article, REMOTE_ADDR="203.0.113.5", headers={"X-Forwarded-For": forged})
    assert views(article) == 1


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_reader(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    article = ArticleFactory()
    proxy = "10.0.0.2"
    beacon(article, REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "203.0.113.1"})
    beacon(article, REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "203.0.113.2"})
    # What the client put in front of the proxy's entry is ignored.
    beacon(article, REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.2"})
    assert views(article) == 2


@pytest.mark.parametrize(
    "header",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
        {"X-Moz": "prefetch"},
    ],
    ids=["sec-purpose", "sec-purpose-prerender", "purpose", "x-moz"],
)
def test_a_prefetch_is_answered_like_a_view_but_not_counted(header):
    article = ArticleFactory()
    response = beacon(article, headers=header)
    assert response.status_code == 204 and response.content == b""
    assert views(article) == 0
    beacon(article)
    assert views(article) == 1  # the prefetch did not use up the reader's view


def test_the_newsroom_reading_its_own_article_is_not_counted(editor_client):
    article = ArticleFactory()
    assert beacon(article, client=editor_client).status_code == 204
    assert views(article) == 0


def test_the_beacon_takes_only_post(client):
    article = ArticleFactory()
    url = reverse("articles:record_view", args=[article.pk])
    assert client.get(url).status_code == 405
    assert client.head(url).status_code == 405
    assert views(article) == 0


@pytest.mark.parametrize("state", UNPUBLISHED_STATES.values(), ids=UNPUBLISHED_STATES.keys())
def test_an_article_readers_cannot_see_is_404_and_not_counted(state, editor_client):
    article = ArticleFactory(**state)
    assert beacon(article).status_code == 404
    assert beacon(article).status_code == 404  # also when the reader's view is already used up
    assert beacon(article, client=editor_client).status_code == 404
    assert views(article) == 0


def test_an_unknown_or_huge_article_id_is_a_404_not_an_error(client):
    assert client.post("/articles/999999/view/").status_code == 404
    assert client.post("/articles/99999999999999999999999999/view/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_sixteen_readers_at_once_lose_no_view():
    readers = 16
    article = ArticleFactory()
    url = reverse("articles:record_view", args=[article.pk])
    start = Barrier(readers)

    def read(n):
        try:
            start.wait()
            return Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(url).status_code
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=readers) as pool:
        statuses = list(pool.map(read, range(readers)))

    assert statuses == [204] * readers
    assert views(article) == readers
    # The first views of the day race to create the day's bucket: one row, every view in it.
    assert list(article.daily_views.values_list("day", "views")) == [(timezone.localdate(), readers)]
    assert list(article.hourly_views.values_list("views", flat=True)) == [readers]
