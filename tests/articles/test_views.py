"""What readers get: published articles only, complete pages, fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import (
    UNPUBLISHED_STATES,
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_published_article_is_shown_to_anonymous_readers(client):
    article = ArticleFactory(headline="Rains flood Dhaka")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<h1" in response.content.decode() and "Rains flood Dhaka" in response.content.decode()


@pytest.mark.parametrize("state", UNPUBLISHED_STATES.values(), ids=UNPUBLISHED_STATES.keys())
def test_unpublished_articles_are_404_to_anonymous_readers(client, state):
    article = ArticleFactory(headline="Secret plan", **state)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Secret plan" not in response.content.decode()
    for listing in [reverse("articles:home"), article.section.get_absolute_url()]:
        assert "Secret plan" not in client.get(listing).content.decode()


def test_staff_who_may_edit_see_a_never_cached_preview_of_a_draft(editor_client):
    article = ArticleFactory(headline="Draft story", status=Status.DRAFT)
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is draft" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "data-view-url" not in response.content.decode()  # previews never count as views


def test_a_scheduled_preview_says_when_it_goes_live(editor_client):
    article = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=2))
    assert "Preview: this article is scheduled for" in editor_client.get(article.get_absolute_url()).content.decode()


def test_an_address_with_the_wrong_date_redirects_to_the_right_one(client):
    article = ArticleFactory(slug="moved")
    response = client.get("/1999/01/01/moved/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_an_unknown_article_is_a_friendly_404(client):
    response = client.get("/2025/10/22/no-such-story/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_the_article_page_shows_byline_image_credit_disclaimer_tags_and_corrections(client):
    image = ImageFactory(credit="Reuters", disclaimer="This image is taken from Reuters.", alt_text="Harbour at dusk")
    first, second = AuthorFactory(name="Nikhil Chauhan"), AuthorFactory(name="Mei Lin")
    article = ArticleFactory(lead_image=image, authors=[first, second], view_count=2)
    article.tags.add("Taiwan", "Defence")
    CorrectionFactory(article=article, text="An earlier version gave the wrong date.")

    page = client.get(article.get_absolute_url()).content.decode()

    assert f'<a href="{first.get_absolute_url()}" rel="author">Nikhil Chauhan</a> and' in page
    assert "2 views" in page
    assert 'alt="Harbour at dusk"' in page and 'type="image/webp"' in page
    assert 'loading="lazy"' not in page.split('class="lead-image"')[1].split("</figure>")[0]
    assert "Photo: Reuters" in page
    assert "Disclaimer: This image is taken from Reuters." in page
    assert "<summary>Share</summary>" in page
    assert "Taiwan" in page and "Defence" in page
    assert "An earlier version gave the wrong date." in page


def test_one_view_is_singular(client):
    article = ArticleFactory(view_count=1)
    assert "1 view<" in client.get(article.get_absolute_url()).content.decode()


def test_home_leads_with_the_featured_article_then_the_latest(client):
    ArticleFactory(headline="Older featured", is_featured=True, publish_at=timezone.now() - datetime.timedelta(days=2))
    ArticleFactory(headline="Newest", publish_at=timezone.now() - datetime.timedelta(minutes=5))
    page = client.get(reverse("articles:home")).content.decode()
    top, latest = page.split('id="latest-heading"')
    assert "Older featured" in top and "Newest" in latest


def test_section_page_lists_only_that_sections_published_articles(client):
    asia, world = SectionFactory(name="Asia", slug="asia"), SectionFactory(name="World", slug="world")
    ArticleFactory(headline="In Asia", section=asia)
    ArticleFactory(headline="In World", section=world)
    page = client.get(asia.get_absolute_url()).content.decode()
    assert "In Asia" in page and "In World" not in page


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999", "1e9", "2" * 40])
def test_a_bad_page_number_gives_a_page_not_an_error(client, page):
    ArticleFactory.create_batch(3)
    assert client.get(reverse("articles:home"), {"page": page}).status_code == 200


def test_author_page_lists_their_published_articles(client):
    author = AuthorFactory(name="Nikhil Chauhan", role="Defence correspondent", bio="Covers the Taiwan Strait.")
    ArticleFactory(headline="His story", authors=[author])
    ArticleFactory(headline="His draft", authors=[author], status=Status.DRAFT)
    page = client.get(author.get_absolute_url()).content.decode()
    assert "Defence correspondent" in page and "His story" in page and "His draft" not in page


def make_listing_data(n):
    """n published articles in one section, each with a lead image, two authors and its own tags."""
    section = SectionFactory(slug="asia", name="Asia")
    authors = [AuthorFactory() for _ in range(2)]
    for _ in range(n):
        article = ArticleFactory(section=section, lead_image=ImageFactory(), authors=authors)
        article.tags.add("Taiwan", f"tag-{article.pk}", f"other-{article.pk}")
    return section, authors[0]


def reader_urls(section, author):
    article = Article.objects.published().first()
    return {
        "home": reverse("articles:home"),
        "section": section.get_absolute_url(),
        "tag": reverse("articles:tag", args=["taiwan"]),
        "author": author.get_absolute_url(),
        "article": article.get_absolute_url(),
        "archive": reverse("articles:archive_year", args=[timezone.localtime(article.publish_at).year]),
        "search": reverse("articles:search") + "?q=headline",
    }


def query_counts(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # renditions are made on first view; count the steady state
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        counts[name] = len(queries)
    return counts


# The most any reader page may run; the exact numbers must not grow with the data. The home page
# runs one more query per section (there are a handful; this data has one).
MAX_QUERIES = {"home": 16, "section": 7, "tag": 7, "author": 8, "article": 13, "archive": 6, "search": 7}


@pytest.mark.usefixtures("uncached_pages")
def test_reader_pages_run_a_fixed_number_of_queries_whatever_the_number_of_articles_tags_and_authors(client):
    few = query_counts(client, reader_urls(*make_listing_data(2)))
    many = query_counts(client, reader_urls(*make_listing_data(12)))
    assert many == few
    assert all(few[name] <= limit for name, limit in MAX_QUERIES.items()), few
