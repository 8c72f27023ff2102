"""A change purges only the cached pages that show what changed: everything else stays a hit (issue 14)."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, Status
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.helpers.page_cache import warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(newsroom):
    """Article B: another live article, in another section, sharing nothing with A."""
    return ArticleFactory(headline="Harvest festival opens", section=SectionFactory(slug="europe", name="Europe"))


def reader_pages(newsroom, other):
    return {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", args=["asia"]),
        "other section": reverse("articles:section", args=["europe"]),
        "tag": reverse("articles:tag", args=["taiwan"]),
        "author": reverse("authors:detail", args=["mei-lin"]),
        "article": newsroom.get_absolute_url(),
        "other article": other.get_absolute_url(),
        "feed": reverse("articles:feed_rss"),
        "section feed": reverse("articles:section_feed_rss", args=["asia"]),
    }


def outcomes(client, pages):
    """{name: hit or miss} of each page, asked once."""
    return {name: client.get(url)["X-Page-Cache"] for name, url in pages.items()}


def edit(article_id, editor, **fields):
    article = Article.objects.get(pk=article_id)
    for name, value in fields.items():
        setattr(article, name, value)
    return services.article_save(article=article, by=editor, base_version=article.version)


def test_saving_a_draft_leaves_every_cached_page_a_hit(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    draft = ArticleFactory(
        headline="Typhoon draft", section=newsroom.section, authors=list(newsroom.byline_authors),
        status=Status.DRAFT, publish_at=None, first_published_at=None,
    )  # fmt: skip
    draft.tags.add("Taiwan")
    warm(client, pages.values())

    edit(draft.pk, editor, headline="Typhoon draft, second go", body="<p>Still being written.</p>")
    services.article_submit_for_review(article=Article.objects.get(pk=draft.pk), by=editor)

    assert outcomes(client, pages) == dict.fromkeys(pages, "hit")


def test_editing_the_body_of_article_a_purges_its_page_only(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    warm(client, pages.values())

    edit(newsroom.pk, editor, body="<p>A new first paragraph about the ministry.</p>")

    assert outcomes(client, pages) == {**dict.fromkeys(pages, "hit"), "article": "miss"}
    assert "A new first paragraph about the ministry." in client.get(pages["article"]).content.decode()


def test_a_headline_change_purges_every_listing_showing_the_article(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    warm(client, pages.values())

    edit(newsroom.pk, editor, headline="Ministry names new envoy")

    # B's page too: its most-read block lists A.
    purged = {"home", "section", "tag", "author", "article", "other article", "feed", "section feed"}
    assert outcomes(client, pages) == {name: "miss" if name in purged else "hit" for name in pages}
    for name in purged:
        assert "Ministry names new envoy" in client.get(pages[name]).content.decode(), name


def test_a_correction_purges_the_article_page_and_not_article_b(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    warm(client, pages.values())

    services.correction_add(article=newsroom, by=editor, text="An earlier version misnamed the envoy.")

    seen = outcomes(client, pages)
    assert seen["article"] == "miss" and seen["other article"] == seen["home"] == "hit"
    assert "An earlier version misnamed the envoy." in client.get(pages["article"]).content.decode()


def test_publishing_purges_the_listings_the_article_enters(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    draft = ArticleFactory(
        headline="Ferries suspended", section=newsroom.section, authors=list(newsroom.byline_authors),
        status=Status.DRAFT, publish_at=None, first_published_at=None,
    )  # fmt: skip
    draft.tags.add("Taiwan")
    warm(client, pages.values())

    services.article_publish(article=Article.objects.get(pk=draft.pk), by=editor)

    # Article A shares the section and the tag: the new one enters its related block, so A's page goes too.
    listings = {"home", "section", "tag", "author", "feed", "section feed", "article"}
    assert {name for name, outcome in outcomes(client, pages).items() if outcome == "miss"} == listings
    for name in listings:
        assert "Ferries suspended" in client.get(pages[name]).content.decode(), name


def test_counting_views_purges_nothing(client, newsroom, other):
    pages = reader_pages(newsroom, other)
    warm(client, pages.values())
    for article in (newsroom, other):
        assert client.post(reverse("articles:record_view", args=[article.pk])).status_code == 204
    assert outcomes(client, pages) == dict.fromkeys(pages, "hit")


def test_a_caption_change_purges_only_the_pages_showing_the_picture(client, media_root, newsroom, other):
    picture = ImageFactory(caption="Ships at anchor")
    Article.objects.filter(pk=other.pk).update(lead_image=picture)  # an UPDATE purges nothing
    pages = reader_pages(newsroom, other)
    for url in pages.values():  # renditions are made on the first render; their making purges the picture's pages
        client.get(url)
    warm(client, pages.values())

    picture.caption = "Ships at anchor off Keelung"
    picture.save()

    showing = {"home", "other section", "other article", "feed"}
    assert outcomes(client, pages) == {name: "miss" if name in showing else "hit" for name in pages}
    assert "Ships at anchor off Keelung" in client.get(pages["other article"]).content.decode()


def test_renaming_a_section_purges_every_page_with_the_navigation(client, newsroom, other):
    pages = reader_pages(newsroom, other)
    warm(client, pages.values())

    other.section.name = "Europe and Africa"
    other.section.save()

    seen = outcomes(client, pages)
    html_pages = {name for name in pages if "feed" not in name}
    assert {name for name in html_pages if seen[name] == "miss"} == html_pages
    assert "Europe and Africa" in client.get(pages["article"]).content.decode()


def test_a_new_tag_on_a_draft_purges_nothing(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None, section=newsroom.section)
    warm(client, pages.values())

    services.article_set_credits(article=draft, by=editor, tags=[services.tag_for_name("Typhoon season", by=editor)])

    assert outcomes(client, pages) == dict.fromkeys(pages, "hit")


def test_renaming_a_tag_purges_its_listing_and_the_pages_naming_it(client, editor, newsroom, other):
    pages = reader_pages(newsroom, other)
    warm(client, pages.values())

    tag = newsroom.tags.get()
    tag.name = "Taiwan Strait"
    services.tag_save(tag=tag, by=editor)

    purged = {"tag", "article", "feed", "section feed"}
    assert outcomes(client, pages) == {name: "miss" if name in purged else "hit" for name in pages}
    assert "Taiwan Strait" in client.get(pages["article"]).content.decode()
