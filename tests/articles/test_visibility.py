"""Nothing unpublished reaches readers: every public listing, feed and sitemap is walked."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Byline
from tests.factories import UNPUBLISHED_STATES, ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """One published article and one hidden article in every state, sharing section, tags, author and day."""
    section = SectionFactory(slug="asia", name="Asia")
    author = AuthorFactory(slug="nikhil-chauhan", name="Nikhil Chauhan")
    moment = timezone.now() - datetime.timedelta(hours=2)
    visible = ArticleFactory(
        headline="Visible typhoon story", section=section, authors=[author], publish_at=moment,
        lead_image=ImageFactory(), view_count=1,
    )  # fmt: skip
    visible.tags.add("Taiwan", "Typhoon")
    only_hidden = AuthorFactory(name="Secretmarker Writer", slug="secretmarker-writer")
    for name, state in UNPUBLISHED_STATES.items():
        fields = {"publish_at": moment, "view_count": 10_000, **state}
        hidden = ArticleFactory(
            headline=f"Secretmarker {name} typhoon", slug=f"secretmarker-{name}", section=section, authors=[author],
            is_featured=True, **fields,
        )  # fmt: skip
        hidden.tags.add("Taiwan", "Typhoon", "Secretmarker tag")
        Byline.objects.create(article=hidden, author=only_hidden, position=1)
    return visible


def public_urls(visible):
    day = timezone.localtime(visible.publish_at)
    urls = [
        reverse("articles:home"),
        reverse("articles:section", args=["asia"]),
        reverse("articles:tag", args=["taiwan"]),
        reverse("authors:detail", args=["nikhil-chauhan"]),
        reverse("articles:archive_year", args=[day.year]),
        reverse("articles:archive_month", args=[day.year, f"{day.month:02d}"]),
        reverse("articles:archive_day", args=[day.year, f"{day.month:02d}", f"{day.day:02d}"]),
        reverse("articles:search") + "?q=typhoon",
        visible.get_absolute_url(),  # related articles and most read
        reverse("news_sitemap"),
        reverse("robots"),
        "/api/v1/articles/",
        "/api/v1/ninjs/articles/",
        "/api/v1/sections/",
        "/api/v1/tags/",
        "/api/v1/authors/",
    ]
    for kind in ("rss", "atom"):
        urls += [
            reverse(f"articles:feed_{kind}"),
            reverse(f"articles:section_feed_{kind}", args=["asia"]),
            reverse(f"articles:tag_feed_{kind}", args=["taiwan"]),
            reverse(f"authors:feed_{kind}", args=["nikhil-chauhan"]),
        ]
    return urls


def test_no_listing_feed_or_sitemap_shows_a_draft_scheduled_in_review_or_archived_article(client, newsroom):
    urls = public_urls(newsroom)
    index = client.get(reverse("sitemap")).content.decode()
    urls += [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    assert len(urls) > len(public_urls(newsroom)), "the sitemap index lists its sections"

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode().lower()
        assert "secretmarker" not in page, url
    # The walk saw the published article, so the pages were not simply empty.
    assert "visible typhoon story" in client.get(reverse("articles:feed_rss")).content.decode().lower()


def test_hidden_articles_are_404_to_readers_at_their_addresses(client, newsroom):
    for name in UNPUBLISHED_STATES:
        response = client.get(f"/2000/01/01/secretmarker-{name}/")
        assert response.status_code == 404, name
