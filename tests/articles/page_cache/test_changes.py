"""Every change shows at once on every cached page that shows what changed, on this server and the others."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import purge, services
from articles.models import Article, PurgeLog, Status
from articles.page_cache import page_key
from media.models import Agency
from media.renditions import create_rendition
from tests.factories import ArticleFactory, ImageFactory
from tests.helpers.page_cache import warm
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.django_db


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


def test_a_server_that_did_not_make_the_change_catches_up_within_seconds(client, settings, editor, newsroom):
    """Another app server, whose cache is its own, learns of a change when it next reads the purge log."""
    settings.PAGE_CACHE_CHECK_SECONDS = 0.5
    url = newsroom.get_absolute_url()
    warm(client, [url])
    tokens_before = cache.get(page_key(RequestFactory().get(url)))["tokens"]

    article = Article.objects.get(pk=newsroom.pk)
    article.headline = "Changed on another server"
    services.article_save(article=article, by=editor, base_version=article.version)
    # This process plays the other server: its cache still holds the tokens of before, it has applied no purge and
    # has not read the new tokens.
    cache.set_many({purge.PURGED_AT.format(key): token for key, token in tokens_before.items()}, None)
    purge.state.tokens.clear()
    cache.delete_many([purge.APPLIED.format(pk) for pk in PurgeLog.objects.values_list("pk", flat=True)])
    purge.state.next_poll = time.monotonic() + settings.PAGE_CACHE_CHECK_SECONDS

    assert "Original headline" in client.get(url).content.decode()
    wait_until(
        lambda: "Changed on another server" in client.get(url).content.decode(),
        what="the change showing once the purge log was read",
    )


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
