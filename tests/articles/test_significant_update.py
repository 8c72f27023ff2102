"""Only an edit marked "significant update" tells readers, crawlers and feed readers that an article changed."""

import datetime
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, CorrectionKind, Status
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.html import HeadParser

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def reader_dates(client, article):
    """The four places a change is announced: the page's "Updated" line, dateModified, lastmod, the feed's <updated>."""
    html = client.get(article.get_absolute_url()).content.decode()
    updated_line = re.search(r'<span class="updated">Updated <time datetime="([^"]+)">', html)
    head = HeadParser()
    head.feed(html)
    sitemap = ElementTree.fromstring(client.get(reverse("sitemap_section", kwargs={"section": "articles"})).content)  # noqa: S314
    (lastmod,) = [
        url.findtext("sm:lastmod", namespaces=NS)
        for url in sitemap.iterfind("sm:url", NS)
        if url.findtext("sm:loc", namespaces=NS).endswith(article.get_absolute_url())
    ]
    (entry,) = feedparser.parse(client.get(reverse("articles:feed_atom")).content).entries
    # To the second: the page's <time> has microseconds, JSON-LD and feeds do not.
    return {
        "updated line": updated_line and datetime.datetime.fromisoformat(updated_line[1]).replace(microsecond=0),
        "dateModified": datetime.datetime.fromisoformat(head.graph_node("NewsArticle")["dateModified"]),
        "lastmod": lastmod,
        "feed updated": datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC),
    }


def post_edit(client, article, **changes):
    article.refresh_from_db()
    local = timezone.localtime(article.publish_at)
    data = change_form_data(article, publish_at_0=f"{local:%Y-%m-%d}", publish_at_1=f"{local:%H:%M:%S}", **changes)
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


@pytest.fixture
def story():
    published = (timezone.now() - datetime.timedelta(days=10)).replace(microsecond=0)
    return ArticleFactory(headline="Port strike", body="<p>The strike goes on.</p>", publish_at=published)


def test_a_typo_fix_changes_none_of_the_dates_readers_and_crawlers_see(client, editor, story):
    before = reader_dates(client, story)
    assert before == {
        "updated line": None,
        "dateModified": story.publish_at,
        "lastmod": f"{timezone.localtime(story.publish_at):%Y-%m-%d}",
        "feed updated": story.publish_at,
    }
    client.force_login(editor)

    response = post_edit(client, story, body="<p>The strike goes on. (Spelling fixed.)</p>")

    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    assert "Spelling fixed" in story.body and story.significantly_updated_at is None
    client.logout()
    assert reader_dates(client, story) == before


def test_a_significant_update_changes_all_four(client, editor, story):
    client.force_login(editor)
    form = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "This is a significant update (readers see “Updated”)" in form
    assert 'type="checkbox" name="significant_update"' in form
    assert 'name="significantly_updated_at' not in form  # shown, not typed by hand

    saved_after = timezone.now().replace(microsecond=0)
    response = post_edit(client, story, body="<p>The strike ended on Tuesday.</p>", significant_update="on")

    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    dates = reader_dates(client, story)
    assert dates["updated line"] >= saved_after
    assert dates["dateModified"] == dates["updated line"] == dates["feed updated"]
    assert dates["lastmod"] == f"{timezone.localtime():%Y-%m-%d}"
    assert dates["lastmod"] != f"{timezone.localtime(story.publish_at):%Y-%m-%d}"


def test_a_draft_cannot_be_marked_as_significantly_updated(client, editor):
    draft = services.article_save(
        article=Article(headline="Not out yet", section=SectionFactory(), body="<p>Draft.</p>"), by=editor
    )
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_form_data(draft, body="<p>Changed.</p>", significant_update="on"),
    )

    assert response.status_code == 200
    assert "Only a published article can have a significant update" in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == "<p>Draft.</p>" and draft.significantly_updated_at is None


def test_an_update_note_is_a_significant_update_and_a_correction_is_not(client, editor, story):
    before = reader_dates(client, story)

    services.correction_add(article=story, by=editor, text="An earlier version misspelt the port.")
    assert reader_dates(client, story) == before

    note = services.correction_add(article=story, by=editor, text="The strike ended.", kind=CorrectionKind.UPDATE)
    dates = reader_dates(client, story)
    assert (
        dates["updated line"]
        == dates["dateModified"]
        == dates["feed updated"]
        == note.created_at.replace(microsecond=0)
    )


def test_an_edit_form_opened_before_an_update_note_cannot_write_the_old_date_back(client, editor, story):
    client.force_login(editor)
    story.refresh_from_db()
    opened = Article.objects.get(pk=story.pk)  # the form an editor opened

    services.correction_add(article=story, by=editor, text="The strike ended.", kind=CorrectionKind.UPDATE)
    response = post_edit_stale(client, opened)

    assert response.status_code == 200 and "after you opened it" in response.content.decode()
    story.refresh_from_db()
    assert story.significantly_updated_at is not None


def post_edit_stale(client, article):
    local = timezone.localtime(article.publish_at)
    data = change_form_data(article, publish_at_0=f"{local:%Y-%m-%d}", publish_at_1=f"{local:%H:%M:%S}")
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def test_an_update_note_on_an_unpublished_article_sets_no_date(editor):
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)
    services.correction_add(article=draft, by=editor, text="Later news.", kind=CorrectionKind.UPDATE)
    draft.refresh_from_db()
    assert draft.significantly_updated_at is None


def test_a_scheduled_article_has_no_significant_update_readers_could_notice(editor):
    """Readers have seen nothing of it yet: an update note or a ticked box would date an "Updated" before its
    publication."""
    scheduled = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    assert not scheduled.has_gone_out

    services.correction_add(article=scheduled, by=editor, text="Later news.", kind=CorrectionKind.UPDATE)
    with pytest.raises(ValidationError, match="Only a published article can have a significant update"):
        services.article_save(article=scheduled, by=editor, significant_update=True)

    scheduled.refresh_from_db()
    assert scheduled.significantly_updated_at is None
