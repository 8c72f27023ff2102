"""Importing Markdown copy with a front-matter header."""

from datetime import UTC, datetime

import pytest

from articles.models import Article, Status
from tests.factories import AuthorFactory, SectionFactory
from tests.transfer.conftest import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    world = SectionFactory(name="World", slug="world")
    business = SectionFactory(name="Business", slug="business")
    nikhil = AuthorFactory(name="Nikhil Chauhan", slug="nikhil-chauhan")
    mei = AuthorFactory(name="Mei Lin Tan", slug="mei-lin-tan")
    return world, business, nikhil, mei


def test_every_field_of_a_markdown_file_arrives(files, desk):
    world, business, nikhil, mei = desk

    result = run("import_articles", files / "markdown")

    assert result.ok, result.output
    assert "Imported: 2 created, 0 updated, 0 unchanged, 0 failed." in result.stdout
    article = Article.objects.get(import_ref="markdown:jakarta-floods")
    assert article.headline == "Jakarta floods displace 40,000 as monsoon rains return"
    assert article.slug == "jakarta-floods-displace-40000-as-monsoon-rains-return"
    assert article.status == Status.PUBLISHED
    assert article.publish_at == datetime(2025, 11, 10, 0, 30, tzinfo=UTC)
    assert article.section == world
    assert article.byline_authors == [nikhil, mei]  # by name and by slug, in the header's order
    assert sorted(article.tags.names()) == ["Floods", "Indonesia", "Thời tiết"]
    assert article.standfirst == "Rivers burst their banks across the capital after the heaviest rain in a decade."
    assert "<p>More than <strong>40,000 people</strong> left their homes" in article.body
    assert "<h2>Warnings for the week</h2>" in article.body
    assert '<a href="https://example.org/bmkg" rel="noopener noreferrer">low-lying districts</a>' in article.body
    assert "<script" not in article.body and "document.cookie" not in article.body
    image = article.lead_image
    assert image.alt_text == "Residents wade through a flooded street in east Jakarta"
    assert image.caption == "A flooded street in east Jakarta on Sunday."
    assert (image.credit, image.disclaimer, image.usage_rights) == (
        "Reuters",
        "This image is taken from Reuters.",
        "agency",
    )
    assert (image.width, image.height) == (1400, 900)

    draft = Article.objects.get(import_ref="markdown:seoul-tech-draft")
    assert (draft.headline, draft.status, draft.publish_at) == (
        "Seoul bets on chip schools to close the talent gap",
        Status.DRAFT,
        None,
    )
    assert draft.section == business and draft.byline_authors == [mei]


def test_re_importing_markdown_changes_nothing_and_an_edit_updates(files, desk):
    run("import_articles", files / "markdown")
    assert "0 created, 0 updated, 2 unchanged" in run("import_articles", files / "markdown").stdout

    path = files / "markdown" / "seoul-tech-draft.md"
    path.write_text(path.read_text().replace("status", "").replace("A draft", "A revised draft"))
    assert "0 created, 1 updated, 1 unchanged" in run("import_articles", files / "markdown").stdout
    assert "A revised draft" in Article.objects.get(import_ref="markdown:seoul-tech-draft").body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no header at all\n", "does not start with a front-matter header"),
        ("---\nheadline: Open\n", "the front-matter header is not closed"),
        ("---\nheadline: [unclosed\n---\nBody\n", "front matter line 3"),
        ("---\n- a list\n---\nBody\n", "“front matter” must be an object"),
        ("---\nheadline: No date\nsection: world\nstatus: published\n---\nBody\n", "needs a publication date"),
        ("---\nheadline: Bad date\nsection: world\ndate: 31/02/2025\n---\n", "“date”: '31/02/2025' is not a date"),
        ("---\nheadline: Odd status\nsection: world\nstatus: live\n---\n", "“status”: 'live' is not a status"),
        ("---\nheadline: Stranger\nsection: world\nauthors: [Jane Roe]\n---\n", "unknown author “Jane Roe”"),
        ("---\nheadline: Lost\nsection: world\nimage: {file: gone.jpg, alt: x}\n---\n", "image file not found"),
        ("---\nheadline: Escape\nsection: world\nimage: {file: ../../etc/passwd}\n---\n", "is outside the folder"),
        ("---\nheadline: Bare\n---\n", "Missing required field “section”"),
    ],
)
def test_a_bad_markdown_file_is_reported_and_the_good_ones_land(files, desk, text, message):
    (files / "markdown" / "bad.md").write_text(text)

    result = run("import_articles", files / "markdown")

    assert not result.ok
    assert f"bad.md: {message}" in result.stderr or (message in result.stderr and "bad.md" in result.stderr)
    assert "1 item failed (listed above); the others were imported." in result.error
    assert set(Article.objects.values_list("import_ref", flat=True)) == {
        "markdown:jakarta-floods",
        "markdown:seoul-tech-draft",
    }
