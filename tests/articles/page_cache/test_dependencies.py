"""What each page declares it shows: the keys the page cache stores it under and the edge's surrogate keys."""

import pytest
from django.urls import reverse

from articles import dependencies
from articles.related import store_related
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def declared(client, url):
    """The keys of `url`'s page, as the page cache and the edge know them: when rendered, and when served again."""
    rendered = client.get(url)
    if not rendered.has_header("X-Page-Cache"):  # its renditions were made while it rendered, so it was not kept
        rendered = client.get(url)
    served = client.get(url)
    assert (rendered["X-Page-Cache"], served["X-Page-Cache"]) == ("miss", "hit")
    assert dependencies.of(rendered.wsgi_request) == dependencies.of(served.wsgi_request)
    return dependencies.of(served.wsgi_request)


def test_an_article_page_declares_the_article_its_picture_the_blocks_and_the_navigation(client, media_root, newsroom):
    picture = ImageFactory()
    related = ArticleFactory(section=newsroom.section, lead_image=picture)
    store_related([newsroom])  # as saving it through articles.services does; factories write rows directly
    keys = declared(client, newsroom.get_absolute_url())
    assert {
        dependencies.article(newsroom.pk), dependencies.card(newsroom.pk), dependencies.card(related.pk),
        dependencies.image(picture.pk), dependencies.NAV, dependencies.MOST_READ, dependencies.ALL,
    } <= keys  # fmt: skip
    assert dependencies.article(related.pk) not in keys


def test_listings_declare_themselves_and_their_cards(client, newsroom):
    section, tag, author = newsroom.section, newsroom.tags.get(), newsroom.byline_authors[0]
    expected = {
        reverse("articles:home"): dependencies.HOME,
        reverse("articles:section", args=[section.slug]): dependencies.section(section.pk),
        reverse("articles:tag", args=[tag.slug]): dependencies.tag(tag.pk),
        reverse("authors:detail", args=[author.slug]): dependencies.author(author.pk),
        reverse("articles:feed_rss"): dependencies.FEEDS,
        "/sitemap-articles.xml": dependencies.FEEDS,
    }
    for url, listing in expected.items():
        keys = declared(client, url)
        assert listing in keys, url
        if "feed" not in url and "sitemap" not in url:
            assert {dependencies.card(newsroom.pk), dependencies.NAV} <= keys, url
