"""The page cache serves anonymous readers a page once rendered, without a query, and never staff."""

import threading
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.page_cache import cache_for_readers, memory
from tests.helpers.page_cache import warm

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, newsroom):
    url = newsroom.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_answers_a_conditional_get_with_304(client, newsroom):
    url = newsroom.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert "must-revalidate" in client.get(url)["Cache-Control"]


def test_head_requests_are_served_too(client, newsroom):
    client.get(reverse("articles:home"))
    response = client.head(reverse("articles:home"))
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_logged_in_staff_neither_get_nor_fill_the_cache(client, editor, newsroom):
    url = newsroom.get_absolute_url()
    client.force_login(editor)
    assert not client.get(url).has_header("X-Page-Cache")
    client.logout()
    assert client.get(url)["X-Page-Cache"] == "miss"  # the editor's visit filled nothing
    client.force_login(editor)
    assert not client.get(url).has_header("X-Page-Cache")  # and a cached page is not served to staff


def test_not_found_pages_and_redirects_are_not_cached(client, newsroom):
    assert client.get("/2025/01/01/no-such-story/").status_code == 404
    assert not client.get("/2025/01/01/no-such-story/").has_header("X-Page-Cache")
    wrong_date = f"/1999/01/01/{newsroom.slug}/"
    assert client.get(wrong_date).status_code == 301
    assert client.get(wrong_date).status_code == 301


def test_counting_views_does_not_empty_the_cache(client, newsroom):
    url = newsroom.get_absolute_url()
    warm(client, [url])
    assert client.post(reverse("articles:record_view", args=[newsroom.pk])).status_code == 204
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)  # each reader's own connection may write (the purge log's catch-up)
def test_an_expired_popular_page_is_rebuilt_once_while_the_others_wait(page_cache):
    renders = []

    def slow_page(request):
        renders.append(1)
        time.sleep(0.3)
        return HttpResponse(f"<p>Rendered {len(renders)} time(s)</p>")

    view = cache_for_readers(slow_page)
    request_factory = RequestFactory()
    barrier = threading.Barrier(8)
    bodies = []

    def reader():
        from django.contrib.auth.models import AnonymousUser

        request = request_factory.get("/hot-page/")
        request.user = AnonymousUser()
        barrier.wait()
        bodies.append(view(request).content)
        connection.close()

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert len(renders) == 1
    assert bodies == [b"<p>Rendered 1 time(s)</p>"] * 8


def test_a_process_keeps_only_its_most_requested_pages(client, settings, newsroom):
    settings.PAGE_CACHE_LOCAL_PAGES = 2
    for url in ["/", "/section/asia/", newsroom.get_absolute_url()]:
        client.get(url)
    assert len(memory.pages) == 2
