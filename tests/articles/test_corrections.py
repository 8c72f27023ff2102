"""Typed corrections: where readers see each kind, what search engines read, and the site-wide /corrections/ page."""

import datetime
import re
from html.parser import HTMLParser

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Correction, CorrectionKind, Page, Status
from tests.factories import ArticleFactory, CorrectionFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.html import HeadParser

pytestmark = pytest.mark.django_db

NOV_3 = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC)


class Boxes(HTMLParser):
    """The text of each <aside> of a page, by its class, and whether it sits before or after the body."""

    def __init__(self):
        super().__init__()
        self.asides = []  # (class, text, seen the body yet, heading)
        self.depth = 0
        self.after_body = False
        self.in_heading = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "article__body" in (attrs.get("class") or ""):
            self.after_body = True
        if tag == "aside":
            self.asides.append({"class": attrs.get("class"), "text": "", "after_body": self.after_body, "heading": ""})
            self.asides[-1]["labelledby"] = attrs.get("aria-labelledby")
            self.depth += 1
        elif self.depth and tag == "h2":
            self.in_heading = True
            self.asides[-1]["heading_id"] = attrs.get("id")

    def handle_endtag(self, tag):
        if tag == "aside":
            self.depth -= 1
        elif tag == "h2":
            self.in_heading = False

    def handle_data(self, data):
        if self.depth:
            self.asides[-1]["text"] += data
            if self.in_heading:
                self.asides[-1]["heading"] += data

    def text(self, css_class):
        (aside,) = [aside for aside in self.asides if css_class in aside["class"].split()]
        return " ".join(aside["text"].split()), aside


def page_boxes(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    boxes = Boxes()
    boxes.feed(response.content.decode())
    return boxes


@pytest.fixture
def corrected():
    article = ArticleFactory(headline="Port strike ends", publish_at=NOV_3 - datetime.timedelta(days=2))
    for kind, text in [
        (CorrectionKind.CORRECTION, "An earlier version gave the wrong port."),
        (CorrectionKind.CLARIFICATION, "The union is the dockers’ union."),
        (CorrectionKind.UPDATE, "The strike ended on Tuesday."),
    ]:
        CorrectionFactory(article=article, kind=kind, text=text, created_at=NOV_3)
    return article


def test_corrections_clarifications_and_updates_are_listed_dated_in_a_box_under_the_body(client, corrected):
    text, aside = page_boxes(client, corrected).text("corrections")

    assert aside["after_body"]
    assert aside["heading"] == "Corrections and updates"
    assert aside["labelledby"] == aside["heading_id"]  # the box is named by its heading
    assert text == (
        "Corrections and updates "
        "Correction, 3 Nov 2026: An earlier version gave the wrong port. "
        "Clarification, 3 Nov 2026: The union is the dockers’ union. "
        "Update, 3 Nov 2026: The strike ended on Tuesday."
    )
    html = client.get(corrected.get_absolute_url()).content.decode()
    assert html.count('<time datetime="2026-11-03T') == 3  # machine-readable dates
    assert re.search(r'<aside class="corrections" aria-labelledby="corrections-heading">\s*<h2', html)
    assert len(re.findall(r"<li class=\"correction correction--", html)) == 3  # a list, one item each


def test_a_retraction_is_announced_above_the_body_and_says_the_article_was_retracted(client):
    article = ArticleFactory()
    CorrectionFactory(
        article=article, kind=CorrectionKind.RETRACTION, text="The source was not genuine.", created_at=NOV_3
    )

    boxes = page_boxes(client, article)

    text, aside = boxes.text("notice--retraction")
    assert not aside["after_body"]
    assert text == "Retraction This article has been retracted. 3 Nov 2026: The source was not genuine."
    assert not [box for box in boxes.asides if "corrections" in box["class"]]  # nothing left for the bottom box


def test_an_editors_note_is_shown_above_the_body_and_the_other_kinds_below(client, corrected):
    CorrectionFactory(article=corrected, kind=CorrectionKind.EDITORS_NOTE, text="The reporter is a union member.")

    boxes = page_boxes(client, corrected)

    note, aside = boxes.text("notice--editors_note")
    assert not aside["after_body"] and note.startswith("Editor’s note ")
    assert "The reporter is a union member." in note
    assert "retracted" not in note
    assert "union member" not in boxes.text("corrections")[0]


def test_correction_text_is_escaped(client):
    article = ArticleFactory()
    CorrectionFactory(article=article, kind=CorrectionKind.RETRACTION, text="<script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_json_ld_carries_every_correction_as_a_correction_comment(client, corrected):
    CorrectionFactory(article=corrected, kind=CorrectionKind.RETRACTION, text="Retracted.", created_at=NOV_3)
    head = HeadParser()
    head.feed(client.get(corrected.get_absolute_url()).content.decode())

    news = head.graph_node("NewsArticle")

    assert [(c["@type"], c["text"]) for c in news["correction"]] == [
        ("CorrectionComment", "An earlier version gave the wrong port."),
        ("CorrectionComment", "The union is the dockers’ union."),
        ("CorrectionComment", "The strike ended on Tuesday."),
        ("CorrectionComment", "Retracted."),
    ]
    assert {datetime.datetime.fromisoformat(c["datePublished"]) for c in news["correction"]} == {NOV_3}


def test_an_article_without_corrections_has_no_box_and_no_correction_in_json_ld(client):
    article = ArticleFactory()
    head = HeadParser()
    html = client.get(article.get_absolute_url()).content.decode()
    head.feed(html)
    assert "correction" not in head.graph_node("NewsArticle")
    assert 'class="corrections"' not in html and 'class="notice' not in html


def test_an_unknown_kind_is_refused(editor):
    with pytest.raises(ValidationError):
        services.correction_add(article=ArticleFactory(), by=editor, text="Oops.", kind="rumour")
    assert not Correction.objects.exists()


def test_the_admin_adds_a_typed_correction(editor_client):
    article = ArticleFactory()
    data = change_form_data(
        article,
        **{
            "publish_at_0": timezone.localtime(article.publish_at).strftime("%Y-%m-%d"),
            "publish_at_1": timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "clarification",
            "corrections-0-text": "The ministry is the finance ministry.",
            "corrections-0-created_at_0": "2026-11-03",
            "corrections-0-created_at_1": "10:00:00",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(article.corrections.values_list("kind", "text")) == [
        ("clarification", "The ministry is the finance ministry.")
    ]


# The site-wide page and its feed


def entries(client, url=None):
    html = client.get(url or reverse("articles:corrections")).content.decode()
    return re.findall(r'<h2 class="correction__article"><a href="([^"]+)">([^<]+)</a></h2>\s*<p>(.*?)</p>', html, re.S)


def test_the_corrections_page_lists_corrections_to_published_articles_newest_first(client):
    now = timezone.now()
    older = ArticleFactory(headline="Older story")
    newer = ArticleFactory(headline="Newer story")
    CorrectionFactory(article=older, text="First fix.", created_at=now - datetime.timedelta(days=2))
    CorrectionFactory(
        article=newer, kind=CorrectionKind.RETRACTION, text="Gone.", created_at=now - datetime.timedelta(days=1)
    )
    for hidden in [
        ArticleFactory(status=Status.DRAFT),
        ArticleFactory(status=Status.ARCHIVED),
        ArticleFactory(publish_at=now + datetime.timedelta(days=1)),  # scheduled
    ]:
        CorrectionFactory(article=hidden, text="Nobody may read this.")

    listed = entries(client)

    assert [(url, headline) for url, headline, _ in listed] == [
        (newer.get_absolute_url(), "Newer story"),
        (older.get_absolute_url(), "Older story"),
    ]
    assert listed[0][2].startswith('<strong class="correction__kind">Retraction</strong>, <time datetime=')
    assert "Nobody may read this" not in client.get(reverse("articles:corrections")).content.decode()


def test_the_corrections_page_is_paginated(client, settings):
    article = ArticleFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    Correction.objects.bulk_create(
        Correction(article=article, text=f"Fix {n}.", created_at=start + datetime.timedelta(hours=n)) for n in range(25)
    )
    first = client.get(reverse("articles:corrections")).content.decode()
    second = client.get(reverse("articles:corrections"), {"page": 2}).content.decode()
    assert first.count("correction__article") == 20 and "Fix 24." in first and "Page 1 of 2" in first
    assert second.count("correction__article") == 5 and "Fix 0." in second


@pytest.mark.usefixtures("uncached_pages")
def test_the_corrections_page_costs_the_same_queries_however_many_corrections(client, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            CorrectionFactory(article=ArticleFactory())

    # The count for the pager and the page of corrections; the navigation is held once the first page read it (the
    # factory's new sections purge it, so each count follows a first page).
    add(2)
    client.get(reverse("articles:corrections"))
    with django_assert_num_queries(2):
        assert len(entries(client)) == 2
    add(10)
    client.get(reverse("articles:corrections"))
    with django_assert_num_queries(2):
        assert len(entries(client)) == 12


def test_the_corrections_feed_is_linked_from_the_page_and_lists_the_same_entries(client):
    article = ArticleFactory(headline="Port strike ends")
    CorrectionFactory(article=article, kind=CorrectionKind.UPDATE, text="The strike ended.", created_at=NOV_3)
    CorrectionFactory(article=ArticleFactory(status=Status.DRAFT), text="Unpublished.")
    head = HeadParser()
    head.feed(client.get(reverse("articles:corrections")).content.decode())
    (link,) = [link for link in head.links if link.get("rel") == "alternate" and "Corrections" in link["title"]]
    assert link["type"] == "application/rss+xml"

    response = client.get(link["href"])
    feed = feedparser.parse(response.content)

    assert response.status_code == 200 and feed.bozo == 0
    (entry,) = feed.entries
    assert entry.title == "Update: Port strike ends"
    assert entry.summary == "The strike ended."
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == NOV_3


def test_a_new_correction_shows_at_once_on_the_cached_pages(client, editor):
    article = ArticleFactory()
    assert entries(client) == []
    client.get(article.get_absolute_url())  # both pages are now in the page cache

    services.correction_add(article=article, by=editor, text="The minister’s name was misspelt.")

    assert [headline for _, headline, _ in entries(client)] == [article.headline]
    assert "The minister’s name was misspelt." in client.get(article.get_absolute_url()).content.decode()
    assert "misspelt" in client.get(reverse("articles:corrections_feed")).content.decode()


def test_corrections_is_a_reserved_page_address():
    with pytest.raises(ValidationError, match="This address is used by another part of the site."):
        Page(title="Corrections", slug="corrections").full_clean()


def test_a_published_article_reads_its_corrections_in_one_query_for_the_page(django_assert_num_queries):
    article = ArticleFactory()
    CorrectionFactory(article=article, kind=CorrectionKind.RETRACTION)
    CorrectionFactory(article=article)
    loaded = Article.objects.for_detail().get(pk=article.pk)
    with django_assert_num_queries(1):
        assert [c.kind for c in loaded.corrections_on_top] == ["retraction"]
        assert [c.kind for c in loaded.corrections_below] == ["correction"]


def test_an_article_without_corrections_asks_for_none(django_assert_num_queries):
    loaded = Article.objects.for_detail().get(pk=ArticleFactory().pk)
    with django_assert_num_queries(0):
        assert loaded.corrections_on_top == loaded.corrections_below == []


def test_the_correction_count_follows_corrections_added_and_deleted():
    article = ArticleFactory()
    first, second = CorrectionFactory(article=article), CorrectionFactory(article=article)
    assert Article.objects.get(pk=article.pk).correction_count == 2
    first.delete()
    assert Article.objects.get(pk=article.pk).correction_count == 1
    article.corrections.all().delete()
    assert Article.objects.get(pk=article.pk).correction_count == 0
    assert second.pk is not None
