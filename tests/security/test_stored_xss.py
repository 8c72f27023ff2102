"""Stored XSS: hostile text in every field an editor can write, checked everywhere it is shown.

Each payload goes into the headline, standfirst, body, image caption, credit, disclaimer and
alt text, a tag name, the author's name and bio, the section's name, the correction, an agency's
name (shown through its disclaimer), and a picture's alt text and caption in the body. Every
page that shows any of them — the article with its OpenGraph tags and JSON-LD, the listings,
search with its snippets, feeds, sitemaps, the corrections page and feed, and the admin's list,
form, history, diff, desk and image picker — must carry the text escaped (or, in the body,
sanitized): never markup that would run.
"""

import html
import json
import re

import pytest
import reversion
from django.db import transaction
from django.utils.html import escape

from media.models import Agency
from media.services import image_save
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
]
# What must never reach a page raw: markup that runs.
DANGEROUS = re.compile(
    r"<script>alert|<img src=x onerror|<svg onload|<a\s[^>]*href=[\"']?\s*(javascript|&#106;avascript)",
    re.IGNORECASE,
)
# The parts of a feed that feed readers render as HTML (escaped once inside the XML).
FEED_HTML = re.compile(r"<description>(.*?)</description>|<(?:summary|content)[^>]*>(.*?)</(?:summary|content)>", re.S)


def dangerous(response):
    """Markup that would run: in the page itself, or in the HTML a feed reader renders from a feed."""
    found = DANGEROUS.search(response.text)
    if found is None and "xml" in response["Content-Type"]:
        for match in FEED_HTML.finditer(response.text):
            found = found or DANGEROUS.search(html.unescape(match.group(1) or match.group(2) or ""))
    return found


@pytest.fixture(scope="module", params=PAYLOADS, ids=range(len(PAYLOADS)))
def hostile(request, django_db_setup, django_db_blocker):
    """The payload in every field, written once for the module's tests that read it.

    In a transaction rolled back after them, each test running in a savepoint within it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield written(request.param)
        transaction.set_rollback(True)


def written(payload):
    """Every field an editor writes holding `payload`: (payload, the article, its author)."""
    editor = UserFactory(username="editor", role="Editor")
    section = SectionFactory(name=f"World {payload}"[:100], slug="world")
    author = AuthorFactory(name=f"Mei {payload}", slug="mei", bio=f"Bio {payload}")
    image = ImageFactory.build(
        title=f"Picture {payload}",
        caption=f"Caption {payload}",
        credit=f"Credit {payload}",
        disclaimer=f"Disclaimer {payload}",
        alt_text=f"Alt {payload}",
    )
    image_save(image=image)
    agency = Agency.objects.create(name=f"Agency {payload}"[:100])
    in_body = ImageFactory(title=f"In body {payload}", agency=agency, disclaimer="", credit=f"Body credit {payload}")
    picture = f'<img alt="Alt {html.escape(payload)}" data-file="{in_body.pk}">'
    figure = f"<figure>{picture}<figcaption>Figure {payload}</figcaption></figure>"
    with reversion.create_revision():
        reversion.set_user(editor)
        article = ArticleFactory(
            headline=f"Taiwan {payload}",
            slug="taiwan-story",
            standfirst=f"Standfirst {payload}",
            body=f"<p>Taiwan body {payload}</p>{figure}",
            section=section,
            lead_image=image,
            authors=[author],
        )
        article.tags.add(f"Tag {payload}")
    with reversion.create_revision():
        article.headline = f"Taiwan edited {payload}"
        article.save()
    CorrectionFactory(article=article, text=f"Correction {payload}")
    return payload, article, author


def reader_pages(article, author):
    tag = article.tags.get()
    return [
        article.get_absolute_url(),
        "/",
        "/section/world/",
        f"/tag/{tag.slug}/",
        f"/authors/{author.slug}/",
        "/search/?q=Taiwan",
        "/feeds/rss/",
        "/feeds/atom/",
        "/section/world/rss/",
        f"/tag/{tag.slug}/rss/",
        f"/authors/{author.slug}/rss/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/corrections/",
        "/corrections/rss/",
    ]


def admin_pages(article, author):
    versions = list(reversion.models.Version.objects.get_for_object(article).order_by("pk"))
    return [
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/article/{article.pk}/history/compare/?version_id1={versions[0].pk}&version_id2={versions[-1].pk}",
        "/admin/articles/section/",
        "/admin/authors/author/",
        f"/admin/authors/author/{author.pk}/change/",
        "/admin/media/image/",
        "/admin/media/image/picker/?CKEditorFuncNum=1",
        "/admin/media/agency/",
        "/admin/taggit/tag/",
        "/admin/",
    ]


def test_reader_pages_show_hostile_text_as_text(hostile, client, uncached_pages):
    payload, article, author = hostile
    for path in reader_pages(article, author):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not dangerous(response), (path, dangerous(response))
    page = client.get(article.get_absolute_url()).text
    assert escape(f"Taiwan edited {payload}") in page  # shown, as text
    assert escape(f"Credit {payload}") in page
    assert escape(f"Body credit {payload}") in page  # the picture in the body is drawn
    assert escape(f"This image is taken from Agency {payload}"[:100]) in page


def test_json_ld_cannot_be_broken_out_of_and_keeps_the_text(hostile, client, uncached_pages):
    payload, article, _ = hostile
    page = client.get(article.get_absolute_url()).text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert blocks, "no JSON-LD on the article page"
    things = [thing for block in blocks for thing in json.loads(block)["@graph"]]
    assert f"Taiwan edited {payload}" in [thing.get("headline") for thing in things]


def test_opengraph_tags_carry_the_text_escaped(hostile, client, uncached_pages):
    payload, article, _ = hostile
    page = client.get(article.get_absolute_url()).text
    title = re.search(r'<meta property="og:title" content="([^"]*)"', page)
    assert title and title.group(1) == escape(f"Taiwan edited {payload}")


def test_admin_pages_show_hostile_text_as_text(hostile, admin_client):
    payload, article, author = hostile
    for path in admin_pages(article, author):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert not dangerous(response), (path, dangerous(response))
