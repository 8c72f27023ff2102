"""One entry per page whatever its address carries: parameters a page does not read are not part of its entry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone

from articles.models import Page
from tests.factories import ArticleFactory, CorrectionFactory
from tests.helpers.page_cache import cached_routes

pytestmark = pytest.mark.django_db


def test_a_parameter_the_page_does_not_read_is_served_the_page_s_entry(client, newsroom):
    url = newsroom.get_absolute_url()
    first = client.get(url)
    tagged = client.get(f"{url}?utm_source=newsletter&utm_campaign=monday")
    assert tagged["X-Page-Cache"] == "hit" and tagged.content == first.content
    client.get("/")
    assert client.get("/?q=taiwan&fbclid=abc")["X-Page-Cache"] == "hit"  # the home page reads no search


def test_a_page_number_is_one_entry_however_it_is_written(client, newsroom):
    ArticleFactory.create_batch(25, section=newsroom.section)
    second = client.get("/section/asia/?page=2")
    assert second["X-Page-Cache"] == "miss" and "Page 2 of 2" in second.content.decode()
    for spelling in ["02", "2&x=1", "0002"]:
        response = client.get(f"/section/asia/?page={spelling}")
        assert response["X-Page-Cache"] == "hit" and response.content == second.content, spelling
    first = client.get("/section/asia/")
    assert "Page 1 of 2" in first.content.decode()
    for spelling in ["1", "01", "abc", "1.5", "", "x" * 5000]:
        assert client.get(f"/section/asia/?page={spelling}")["X-Page-Cache"] == "hit", spelling


def test_page_numbers_past_the_end_show_the_last_page_from_one_entry(client, newsroom):
    ArticleFactory.create_batch(25, section=newsroom.section)
    last = client.get("/section/asia/?page=0")
    assert last["X-Page-Cache"] == "miss" and "Page 2 of 2" in last.content.decode()
    for number in ["-1", "-99999", "51", "99999999999999999999999"]:
        response = client.get(f"/section/asia/?page={number}")
        assert response["X-Page-Cache"] == "hit" and response.content == last.content, number


def test_search_results_are_an_entry_per_search_and_page(client, newsroom):
    ArticleFactory(headline="Japan votes", section=newsroom.section)
    taiwan = client.get("/search/?q=Original")
    assert "Original headline" in taiwan.content.decode()
    assert client.get("/search/?q=%20%20Original%20&utm_source=x")["X-Page-Cache"] == "hit"
    japan = client.get("/search/?q=Japan")
    assert japan["X-Page-Cache"] == "miss"
    assert "Japan votes" in japan.content.decode() and "Original headline" not in japan.content.decode()


def test_a_sitemap_page_is_read_from_p_and_a_missing_page_is_a_404_not_an_entry(client, newsroom):
    first = client.get("/sitemap-articles.xml")
    for spelling in ["1", "01", "1&x=2"]:
        response = client.get(f"/sitemap-articles.xml?p={spelling}")
        assert response["X-Page-Cache"] == "hit" and response.content == first.content, spelling
    for missing in ["2", "0", "-1", "x"]:
        response = client.get(f"/sitemap-articles.xml?p={missing}")
        assert response.status_code == 404 and not response.has_header("X-Page-Cache"), missing


class RecordingQueryDict(QueryDict):
    """A query string that notes every parameter the page asks for."""

    def __init__(self, query_string):
        self.asked = set()
        super().__init__(query_string)
        self.asked.clear()  # what filling it asked

    def __getitem__(self, key):  # get() asks through this
        self.asked.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)

    def __iter__(self):
        self.asked.add("(all of them)")
        return super().__iter__()

    def items(self):
        self.asked.add("(all of them)")
        return super().items()

    def lists(self):
        self.asked.add("(all of them)")
        return super().lists()

    def dict(self):
        self.asked.add("(all of them)")
        return super().dict()


def test_every_cached_page_names_each_query_parameter_it_reads(newsroom, uncached_pages):
    """A page reading a parameter its key leaves out would be served another query string's page."""
    CorrectionFactory(article=newsroom)
    page = Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>", is_published=True)
    day = timezone.localtime(newsroom.publish_at)
    addresses = {
        "articles:home": "/",
        "articles:search": "/search/",
        "articles:section": "/section/asia/",
        "articles:tag": "/tag/taiwan/",
        "articles:archive_year": f"/{day:%Y}/",
        "articles:archive_month": f"/{day:%Y/%m}/",
        "articles:archive_day": f"/{day:%Y/%m/%d}/",
        "articles:detail": newsroom.get_absolute_url(),
        "articles:feed_rss": "/feeds/rss/",
        "articles:feed_atom": "/feeds/atom/",
        "articles:section_feed_rss": "/section/asia/rss/",
        "articles:section_feed_atom": "/section/asia/atom/",
        "articles:tag_feed_rss": "/tag/taiwan/rss/",
        "articles:tag_feed_atom": "/tag/taiwan/atom/",
        "articles:corrections": "/corrections/",
        "articles:corrections_feed": "/corrections/rss/",
        "articles:page": page.get_absolute_url(),
        "authors:detail": "/authors/mei-lin/",
        "authors:feed_rss": "/authors/mei-lin/rss/",
        "authors:feed_atom": "/authors/mei-lin/atom/",
        "sitemap": "/sitemap.xml",
        "sitemap_section": "/sitemap-articles.xml",
        "news_sitemap": "/news-sitemap.xml",
        "robots": "/robots.txt",
        "api_examples": "/api/",
        "api-v1:article_list": "/api/v1/articles/",
        "api-v1:article_detail": f"/api/v1/articles/{newsroom.pk}/",
        "api-v1:ninjs_article_list": "/api/v1/ninjs/articles/",
        "api-v1:ninjs_article_detail": f"/api/v1/ninjs/articles/{newsroom.pk}/",
        "api-v1:ninjs22_article_list": "/api/v1/ninjs/2.2/articles/",
        "api-v1:ninjs22_article_detail": f"/api/v1/ninjs/2.2/articles/{newsroom.pk}/",
        "api-v1:section_list": "/api/v1/sections/",
        "api-v1:tag_list": "/api/v1/tags/",
        "api-v1:author_list": "/api/v1/authors/",
    }
    routes = cached_routes()
    assert set(routes) == set(addresses), "give every cached page an address here"
    # The API's endpoints read the query parameters their schema declares (django-ninja reads the whole query string
    # and keeps those).
    schema = Client().get("/api/v1/schema/").json()["paths"]
    for name, address in addresses.items():
        if name.startswith("api-v1:"):
            declared = schema[address.replace(f"/{newsroom.pk}/", "/{article_id}/")]["get"].get("parameters", [])
            assert {p["name"] for p in declared if p["in"] == "query"} <= set(routes[name].reads), name
            continue
        request = RequestFactory().get(address, {"q": "Original", "page": "1", "p": "1", "x": "1"})
        request.user = AnonymousUser()
        request.GET = RecordingQueryDict(request.META["QUERY_STRING"])
        match = resolve(request.path)
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code == 200, name
        assert request.GET.asked <= set(routes[name].reads), name
    assert "page" in routes["articles:home"].reads and "q" in routes["articles:search"].reads  # the check sees reads
