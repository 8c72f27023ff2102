"""Readers' pages may be kept by a CDN or Varnish and carry the keys that purge them; browsers revalidate them,
and nothing answered to a logged-in user, nor any page setting a cookie, is kept by a shared cache."""

import math
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import reverse

from articles.edge.headers import EdgeHeadersMiddleware, cache_control, limit_lifetime
from articles.page_cache import cache_for_readers
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SHARED = "public, max-age=0, must-revalidate, s-maxage=600, stale-while-revalidate=30, stale-if-error=86400"


@pytest.fixture(autouse=True)
def edge(settings):
    settings.EDGE_PURGER, settings.EDGE_MAX_AGE = "varnish", 600
    settings.EDGE_STALE_WHILE_REVALIDATE, settings.EDGE_STALE_IF_ERROR = 30, 86400
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def article():
    return ArticleFactory()


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def kept_by_shared_caches_and_revalidated_by_browsers(response):
    """Public, max-age=0 and must-revalidate for browsers; s-maxage of EDGE_MAX_AGE at most (sooner if the page
    changes sooner), and the stale allowances, for shared caches."""
    values = dict(part.strip().partition("=")[::2] for part in response["Cache-Control"].split(","))
    browsers = values.keys() >= {"public", "must-revalidate"} and values["max-age"] == "0"
    shared = 0 < int(values.get("s-maxage", 0)) <= 600
    return browsers and shared and values.keys() >= {"stale-while-revalidate", "stale-if-error"}


def test_an_article_is_kept_by_shared_caches_and_revalidated_by_browsers_fresh_and_from_the_page_cache(client, article):
    for outcome in ("miss", "hit"):
        response = client.get(article.get_absolute_url())
        assert response["X-Page-Cache"] == outcome
        assert kept_by_shared_caches_and_revalidated_by_browsers(response), response["Cache-Control"]


def test_a_revalidation_answered_304_carries_the_same_headers(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert kept_by_shared_caches_and_revalidated_by_browsers(response), response["Cache-Control"]
    assert "all" in response["xkey"].split()


@pytest.mark.parametrize("name", ["home", "search", "feed_rss", "corrections"])
def test_every_readers_page_carries_its_keys_for_each_edge(client, article, name):
    response = client.get(reverse(f"articles:{name}"))
    keys = response["xkey"].split(" ")
    assert "all" in keys
    assert response["Surrogate-Key"].split(" ") == keys
    assert response["Cache-Tag"].split(",") == keys


def test_keys_carry_the_site_prefix_so_sites_can_share_an_edge(client, article, settings):
    settings.EDGE_KEY_PREFIX = "asia-"
    response = client.get(article.get_absolute_url())
    assert all(key.startswith("asia-") for key in response["xkey"].split())
    assert "asia-all" in response["Cache-Tag"].split(",")


def test_a_logged_in_editor_is_never_kept_by_a_shared_cache(client, editor, article):
    client.force_login(editor)
    for address in (article.get_absolute_url(), reverse("articles:home"), reverse("admin:index")):
        response = client.get(address)
        assert {"private", "no-store"} <= directives(response), address
        assert "public" not in directives(response) and not response.has_header("xkey")


def test_a_preview_of_a_draft_is_never_kept_by_a_shared_cache(client, editor):
    draft = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response) and not response.has_header("xkey")


@pytest.mark.parametrize("address", ["/2025/01/01/no-such-story/", "/admin/login/"])
def test_a_missing_page_or_a_page_setting_a_cookie_is_kept_by_no_cdn(client, address):
    response = client.get(address)
    assert {"private", "no-store"} <= directives(response) and not response.has_header("Cache-Tag")


def test_a_file_served_by_django_keeps_its_own_caching(client, settings):
    """Uploads, which Django serves in local use (nginx or a bucket in production), are files, not pages."""
    (settings.MEDIA_ROOT / "edge-test.txt").write_text("a file")
    response = client.get(f"{settings.MEDIA_URL}edge-test.txt")
    assert response.status_code == 200 and not response.has_header("Cache-Control")


def test_without_an_edge_configured_no_shared_cache_may_keep_pages(client, article, settings):
    settings.EDGE_PURGER, settings.EDGE_MAX_AGE = "none", 0
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


@pytest.mark.parametrize(
    ("lifetime", "expected"),
    [
        (None, SHARED),
        (90000, SHARED),
        (620, "public, max-age=0, must-revalidate, s-maxage=600, stale-while-revalidate=20, stale-if-error=20"),
        (120, "public, max-age=0, must-revalidate, s-maxage=120, stale-while-revalidate=0, stale-if-error=0"),
        (0, "public, max-age=0, must-revalidate, s-maxage=0, stale-while-revalidate=0, stale-if-error=0"),
    ],
)
def test_a_shared_cache_keeps_no_page_past_the_next_scheduled_change(lifetime, expected):
    assert cache_control(lifetime) == expected


@pytest.mark.parametrize(
    ("seconds", "kept"), [(90, {"s-maxage=90", "stale-while-revalidate=0"}), (math.inf, {"s-maxage=600"})]
)
def test_a_page_that_limits_its_lifetime_is_kept_no_longer(rf, seconds, kept):
    """How a page due to change at a scheduled moment tells the edge (articles.edge.headers.limit_lifetime)."""

    def view(request):
        limit_lifetime(request, seconds)
        return HttpResponse("Due to change in a minute and a half, or not foreseen to")

    page = cache_for_readers(view)
    request = rf.get("/soon/")
    request.user, request.resolver_match = AnonymousUser(), SimpleNamespace(func=page)
    response = EdgeHeadersMiddleware(page)(request)
    assert kept <= directives(response)


def test_a_readers_page_that_varies_on_more_than_cookies_is_kept_by_no_shared_cache(rf, settings):
    settings.PAGE_CACHE_SECONDS = 0  # which keeps no Vary either

    def view(request):
        response = HttpResponse("Bonjour")
        response["Vary"] = "Accept-Language"
        return response

    page = cache_for_readers(view)
    request = rf.get("/in-your-language/")
    request.user, request.resolver_match = AnonymousUser(), SimpleNamespace(func=page)
    response = EdgeHeadersMiddleware(page)(request)
    assert {"private", "no-store"} <= directives(response) and not response.has_header("xkey")
