"""The page cache: anonymous readers get cached pages, and every change shows at once, everywhere.

Each test runs on the local-memory cache and on Redis.
"""

import datetime
import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Page, Status
from articles.page_cache import cache_for_readers, memory
from media.models import Agency
from media.renditions import create_rendition
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, ImageFactory, SectionFactory
from tests.helpers.page_cache import cached_routes
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = "redis://127.0.0.1:6379/13"
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


def affected_urls(article):
    """Every public page on which a change to `article` must show."""
    return [
        reverse("articles:home"),
        reverse("articles:section", args=["asia"]),
        reverse("articles:tag", args=["taiwan"]),
        reverse("authors:detail", args=["mei-lin"]),
        reverse("articles:feed_rss"),
        reverse("articles:section_feed_atom", args=["asia"]),
        reverse("articles:tag_feed_rss", args=["taiwan"]),
        reverse("authors:feed_rss", args=["mei-lin"]),
        reverse("news_sitemap"),
        "/sitemap-articles.xml",
    ]


def shows(page, article):
    """Whether `page` mentions `article`: by headline, or by address (the sitemaps list only addresses)."""
    return article.headline in page or f"<loc>http://testserver{article.get_absolute_url()}</loc>" in page


def warm(client, urls):
    for url in urls:
        client.get(url)
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "hit", url


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


def test_publishing_shows_on_every_affected_page(client, editor, newsroom):
    urls = affected_urls(newsroom)
    draft = ArticleFactory(
        headline="Breaking: typhoon", section=newsroom.section, authors=list(newsroom.byline_authors),
        status=Status.DRAFT, publish_at=None, first_published_at=None,
    )  # fmt: skip
    draft.tags.add("Taiwan")
    warm(client, urls)

    published = services.article_publish(article=Article.objects.get(pk=draft.pk), by=editor)

    for url in urls:
        assert shows(client.get(url).content.decode(), published), url
    assert client.get(published.get_absolute_url()).status_code == 200


def test_editing_shows_on_every_affected_page(client, editor, newsroom):
    urls = [url for url in affected_urls(newsroom) if "sitemap-" not in url] + [newsroom.get_absolute_url()]
    warm(client, urls)

    article = Article.objects.get(pk=newsroom.pk)
    article.headline = "Corrected headline"
    services.article_save(article=article, by=editor, base_version=article.version)

    for url in urls:
        page = client.get(url).content.decode()
        assert "Corrected headline" in page and "Original headline" not in page, url


def test_unpublishing_removes_the_article_from_every_page(client, editor, newsroom):
    article_url = newsroom.get_absolute_url()
    urls = affected_urls(newsroom)
    warm(client, [*urls, article_url])

    services.article_unpublish(article=Article.objects.get(pk=newsroom.pk), by=editor)

    assert client.get(article_url).status_code == 404
    for url in urls:
        assert not shows(client.get(url).content.decode(), newsroom), url


def test_a_correction_shows_on_the_article_at_once(client, editor, newsroom):
    url = newsroom.get_absolute_url()
    warm(client, [url])
    services.correction_add(article=newsroom, by=editor, text="An earlier version misnamed the ministry.")
    assert "An earlier version misnamed the ministry." in client.get(url).content.decode()


def test_renaming_a_section_or_an_author_shows_on_cached_pages(client, newsroom):
    url = newsroom.get_absolute_url()
    warm(client, [url])
    newsroom.section.name = "Asia Pacific"
    newsroom.section.save()
    assert "Asia Pacific" in client.get(url).content.decode()
    author = newsroom.byline_authors[0]
    author.name = "Mei Lin Tan"
    author.save()
    assert "Mei Lin Tan" in client.get(url).content.decode()


def test_retagging_shows_on_tag_pages(client, newsroom):
    warm(client, [reverse("articles:tag", args=["taiwan"])])
    newsroom.tags.remove("Taiwan")
    assert "Original headline" not in client.get(reverse("articles:tag", args=["taiwan"])).content.decode()


def test_a_scheduled_article_shows_within_seconds_of_its_time_without_any_other_change(
    client, settings, newsroom, time_machine
):
    # A fraction of a second, as time-machine moves the clock but not time.monotonic(), which times the check.
    settings.PAGE_CACHE_CHECK_SECONDS = 0.2
    goes_live = timezone.now() + datetime.timedelta(seconds=30)  # well within the entries' PAGE_CACHE_SECONDS
    ArticleFactory(headline="Embargoed report", section=newsroom.section, publish_at=goes_live)
    urls = [reverse("articles:home"), reverse("articles:section", args=["asia"]), reverse("articles:feed_rss")]
    warm(client, urls)
    for url in urls:
        assert "Embargoed report" not in client.get(url).content.decode()

    time_machine.move_to(goes_live)

    def shown_everywhere():
        return all("Embargoed report" in client.get(url).content.decode() for url in urls)

    wait_until(shown_everywhere, what="the article showing once its time had come")


def test_counting_views_does_not_empty_the_cache(client, newsroom):
    url = newsroom.get_absolute_url()
    warm(client, [url])
    assert client.post(reverse("articles:record_view", args=[newsroom.pk])).status_code == 204
    assert client.get(url)["X-Page-Cache"] == "hit"


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


def test_a_server_that_did_not_make_the_change_catches_up_within_seconds(client, settings, editor, newsroom):
    """Another app server learns of a change when it next reads the generation from the database."""
    settings.PAGE_CACHE_CHECK_SECONDS = 0.5
    url = newsroom.get_absolute_url()
    warm(client, [url])
    generation_before = memory.generation

    article = Article.objects.get(pk=newsroom.pk)
    article.headline = "Changed on another server"
    services.article_save(article=article, by=editor, base_version=article.version)
    # This process plays the other server: it still holds the generation it read before the change.
    memory.generation = generation_before
    memory.generation_expires = time.monotonic() + settings.PAGE_CACHE_CHECK_SECONDS

    assert "Original headline" in client.get(url).content.decode()
    wait_until(
        lambda: "Changed on another server" in client.get(url).content.decode(),
        what="the change showing once the generation was read again",
    )


def test_a_process_keeps_only_its_most_requested_pages(client, settings, newsroom):
    settings.PAGE_CACHE_LOCAL_PAGES = 2
    for url in ["/", "/section/asia/", newsroom.get_absolute_url()]:
        client.get(url)
    assert len(memory.pages) == 2


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
    }
    routes = cached_routes()
    assert set(routes) == set(addresses), "give every cached page an address here"
    for name, address in addresses.items():
        request = RequestFactory().get(address, {"q": "Original", "page": "1", "p": "1", "x": "1"})
        request.user = AnonymousUser()
        request.GET = RecordingQueryDict(request.META["QUERY_STRING"])
        match = resolve(request.path)
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code == 200, name
        assert request.GET.asked <= set(routes[name].reads), name
    assert "page" in routes["articles:home"].reads and "q" in routes["articles:search"].reads  # the check sees reads


@pytest.fixture
def agency_picture(media_root, newsroom):
    agency = Agency.objects.create(name="Harbour Photos", disclaimer_template="Supplied by {agency}.")
    image = ImageFactory(agency=agency, credit="Harbour Photos", disclaimer="")
    Article.objects.filter(pk=newsroom.pk).update(lead_image=image)  # an UPDATE sends no signal: nothing bumped
    return image


def test_a_change_to_an_agency_shows_on_cached_pages_at_once(client, newsroom, agency_picture):
    article_url, feed_url = newsroom.get_absolute_url(), reverse("articles:feed_rss")
    assert "Supplied by Harbour Photos." in client.get(article_url).content.decode()
    assert "<media:content" not in client.get(feed_url).content.decode()  # not ours to redistribute
    warm(client, [article_url, feed_url])

    agency = agency_picture.agency
    agency.disclaimer_template = "Copyright {agency}; all rights reserved."
    agency.may_redistribute = True
    agency.save()

    page = client.get(article_url).content.decode()
    assert "Copyright Harbour Photos; all rights reserved." in page and "Supplied by" not in page
    assert "<media:content" in client.get(feed_url).content.decode()


def test_a_rendition_made_or_removed_shows_on_cached_pages_at_once(client, newsroom, agency_picture):
    """The sitemap lists only renditions already made: making one (the article page does) updates it."""
    Agency.objects.filter(pk=agency_picture.agency_id).update(may_redistribute=True)
    sitemap = "/sitemap-articles.xml"
    warm(client, [sitemap])
    assert "<image:loc>" not in client.get(sitemap).content.decode()

    rendition = create_rendition(agency_picture, "w1600-jpeg")

    assert f"{rendition.url}</image:loc>" in client.get(sitemap).content.decode()
    warm(client, [sitemap])
    rendition.delete()
    assert "<image:loc>" not in client.get(sitemap).content.decode()
