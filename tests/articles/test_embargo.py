"""An embargoed article is absent from every public place until its time, and gone again when it expires."""

import datetime
import itertools

import feedparser
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

MARKER = "embargomarker"
READERS = itertools.count(1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def newsroom(settings):
    # Every request reads the page cache's purge log and schedule, so the test sees what a server sees
    # PAGE_CACHE_CHECK_SECONDS later; the cache itself stays on.
    settings.PAGE_CACHE_CHECK_SECONDS = 0
    section = SectionFactory(slug="asia", name="Asia")
    author = AuthorFactory(slug="nikhil-chauhan", name="Nikhil Chauhan")
    visible = ArticleFactory(
        headline="Visible typhoon story", section=section, authors=[author],
        publish_at=timezone.now() - datetime.timedelta(hours=2), view_count=1,
    )  # fmt: skip
    embargoed = ArticleFactory(
        headline=f"{MARKER} typhoon landfall", slug=f"{MARKER}-typhoon", section=section, authors=[author],
        publish_at=timezone.now() + datetime.timedelta(days=1), view_count=10_000,
    )  # fmt: skip
    for article in (visible, embargoed):
        article.tags.add("Taiwan", "Typhoon")
    call_command("compute_related", verbosity=0)  # as after an import: the embargoed one is stored, not yet shown
    return visible, embargoed


def between(page, start, end):
    """The part of `page` from the marker `start` to the next `end`; empty when `start` is absent."""
    at = page.find(start)
    return "" if at < 0 else page[at : page.find(end, at)]


def places(client, visible):
    """Each public place an article can appear in, and whether the embargoed article appears there."""
    day = timezone.localtime(visible.publish_at)
    pages = {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", args=["asia"]),
        "tag": reverse("articles:tag", args=["taiwan"]),
        "author": reverse("authors:detail", args=["nikhil-chauhan"]),
        "archive": reverse("articles:archive_day", args=[day.year, f"{day.month:02d}", f"{day.day:02d}"]),
        "search": reverse("articles:search") + "?q=typhoon",
        "news sitemap": reverse("news_sitemap"),
        "sitemap": reverse("sitemap_section", args=["articles"]),
    }
    seen = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        seen[name] = MARKER in response.content.decode()
    for name in ("feed_rss", "feed_atom", "section_feed_rss", "tag_feed_atom"):
        args = {"section_feed_rss": ["asia"], "tag_feed_atom": ["taiwan"]}.get(name, [])
        feed = feedparser.parse(client.get(reverse(f"articles:{name}", args=args)).content)
        assert feed.entries, name  # the visible article is there: the feed is not simply empty
        seen[name] = any(MARKER in entry.title for entry in feed.entries)
    detail = client.get(visible.get_absolute_url()).content.decode()
    seen["related"] = MARKER in between(detail, 'id="related-heading"', "</section>")
    seen["most read"] = MARKER in between(detail, 'id="most-read-heading"', "</aside>")
    return seen


def its_own_page_and_beacon(client, article):
    """The status codes of the article's page and of its view beacon, and whether the beacon counted."""
    article.refresh_from_db()
    before = article.view_count
    page = client.get(article.get_absolute_url()).status_code
    reader = Client(REMOTE_ADDR=f"198.51.100.{next(READERS)}")  # a new reader each time: one view per window
    beacon = reader.post(reverse("articles:record_view", args=[article.pk])).status_code
    article.refresh_from_db()
    return page, beacon, article.view_count - before


def test_an_embargoed_article_is_absent_everywhere_then_present_then_gone_when_it_expires(
    client, newsroom, time_machine
):
    visible, embargoed = newsroom
    # Back to just after the visible article went out; the embargo ends a minute later, the same day (one archive).
    time_machine.move_to(visible.publish_at + datetime.timedelta(seconds=1))
    Article.objects.filter(pk=embargoed.pk).update(publish_at=visible.publish_at + datetime.timedelta(minutes=1))
    embargoed.refresh_from_db()
    everywhere = set(places(client, visible))

    assert not any(places(client, visible).values()), "embargoed, yet shown"
    assert its_own_page_and_beacon(client, embargoed) == (404, 404, 0)

    # Its time comes, with no save: no cached page outlives the next scheduled moment.
    time_machine.move_to(embargoed.publish_at + datetime.timedelta(seconds=1))
    shown = places(client, visible)
    assert {name for name, present in shown.items() if present} == everywhere
    assert its_own_page_and_beacon(client, embargoed) == (200, 204, 1)

    # A newer article goes live, so that the expiring one is not the newest: only its expiry can tell.
    newer = ArticleFactory(headline="Newer story", section=visible.section, publish_at=timezone.now() + DAY)
    time_machine.move_to(newer.publish_at + datetime.timedelta(seconds=1))
    assert all(places(client, visible).values())

    # And it expires, again without any save (an update sends no signal): the moment passing is enough.
    expire_at = timezone.now() + datetime.timedelta(minutes=1)
    Article.objects.filter(pk=embargoed.pk).update(expire_at=expire_at)
    time_machine.move_to(expire_at + datetime.timedelta(seconds=1))
    assert not any(places(client, visible).values()), "expired, yet shown"
    assert its_own_page_and_beacon(client, embargoed) == (404, 404, 0)


def test_an_article_scheduled_a_second_ahead_appears_by_itself(client, newsroom, time_machine):
    visible, embargoed = newsroom
    publish_at = timezone.now() + datetime.timedelta(seconds=1)
    Article.objects.filter(pk=embargoed.pk).update(publish_at=publish_at)
    home = reverse("articles:home")
    assert MARKER not in client.get(home).content.decode()
    time_machine.move_to(publish_at)
    assert MARKER in client.get(home).content.decode()


def test_an_expiry_before_the_publication_time_is_a_form_error(editor_client, newsroom):
    visible, _ = newsroom
    url = reverse("admin:articles_article_change", args=[visible.pk])
    data = change_form_data(
        visible, publish_at_0="2026-05-04", publish_at_1="10:00", expire_at_0="2026-05-04", expire_at_1="09:00"
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "The expiry time must be after the publication time." in response.content.decode()
    visible.refresh_from_db()
    assert visible.expire_at is None


def test_publishing_an_expired_article_again_brings_it_back(editor, newsroom):
    visible, _ = newsroom
    Article.objects.filter(pk=visible.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    visible.refresh_from_db()
    assert not Article.objects.published().filter(pk=visible.pk).exists()
    services.article_publish(article=visible, by=editor)
    assert Article.objects.published().filter(pk=visible.pk).exists()


def test_scheduling_with_an_expiry_keeps_the_article_live_only_in_between(editor, newsroom):
    _, embargoed = newsroom
    start = timezone.now() + datetime.timedelta(hours=1)
    services.article_schedule(
        article=embargoed, by=editor, publish_at=start, expire_at=start + datetime.timedelta(hours=2)
    )
    embargoed.refresh_from_db()
    assert embargoed.expire_at == start + datetime.timedelta(hours=2)
    assert embargoed in Article.objects.scheduled()
