"""What search engines and social networks read from an article page: meta tags and JSON-LD."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.template import Context, Template
from django.templatetags.static import static
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Byline, Status
from media.models import Rendition
from media.renditions import get_rendition
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, image_upload
from tests.helpers.html import absolute, parse

pytestmark = pytest.mark.django_db

HOSTILE = ["</script><script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def moment(iso_string):
    return datetime.datetime.fromisoformat(iso_string)


def image_size(content):
    with PILImage.open(io.BytesIO(content)) as picture:
        return picture.size


@pytest.fixture
def article():
    """A signed article with a lead photo as wide as the widest rendition, bylines out of alphabetical order, tags."""
    first, second = AuthorFactory(name="Zhang Wei"), AuthorFactory(name="Aiko Sato")
    article = ArticleFactory(
        headline="Typhoon closes Hong Kong harbour",
        standfirst="Ferries are cancelled until Friday.",
        section=SectionFactory(name="Asia", slug="asia"),
        lead_image=ImageFactory(file=image_upload(width=1600, height=900), alt_text="Harbour at dusk"),
        authors=[first, second],
    )
    article.tags.add("Hong Kong", "Weather")
    return article


def test_the_canonical_address_is_the_absolute_article_address(client, article):
    page = parse(client, article)
    assert page.canonical == absolute(article.get_absolute_url())
    assert page.one("og:url") == page.canonical
    assert page.graph_node("NewsArticle")["mainEntityOfPage"] == page.canonical


def test_two_articles_have_different_titles(client, article):
    other = ArticleFactory(headline="Monsoon arrives early in Kerala")
    first, second = parse(client, article), parse(client, other)
    assert first.title == f"Typhoon closes Hong Kong harbour | {settings.SITE_NAME}"
    assert first.title != second.title
    assert first.one("og:title") != second.one("og:title")


def test_the_description_is_given_once(client, article):
    page = parse(client, article)
    assert page.meta["description"] == ["Ferries are cancelled until Friday."]


def test_opengraph_and_twitter_cards_show_the_1200_by_630_social_crop(client, article):
    page = parse(client, article)
    social = Rendition.objects.get(image=article.lead_image, spec="social-jpeg")

    assert page.one("og:type") == "article"
    assert page.one("og:site_name") == settings.SITE_NAME
    assert page.one("og:title") == page.one("twitter:title") == "Typhoon closes Hong Kong harbour"
    assert page.one("og:description") == page.one("twitter:description") == "Ferries are cancelled until Friday."
    assert page.one("og:image") == page.one("twitter:image") == absolute(social.url)
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("1200", "630")
    assert page.one("og:image:alt") == page.one("twitter:image:alt") == "Harbour at dusk"
    assert page.one("twitter:card") == "summary_large_image"
    assert image_size(b"".join(client.get(social.url).streaming_content)) == (1200, 630)

    assert moment(page.one("article:published_time")) == article.publish_at.replace(microsecond=0)
    assert page.one("article:modified_time") == page.one("article:published_time")
    assert page.one("article:section") == "Asia"
    assert sorted(page.meta["article:tag"]) == ["Hong Kong", "Weather"]


def test_the_json_ld_news_article_carries_what_google_asks_for(client, article):
    page = parse(client, article)
    data = page.graph_node("NewsArticle")
    assert page.json_ld["@context"] == "https://schema.org"

    assert data["headline"] == "Typhoon closes Hong Kong harbour"
    assert data["description"] == "Ferries are cancelled until Friday."
    social, large = data["image"]
    assert social == absolute(Rendition.objects.get(image=article.lead_image, spec="social-jpeg").url)
    assert social.endswith(".jpg") and "/social-jpeg-" in social
    assert large == absolute(Rendition.objects.get(image=article.lead_image, spec="w1600-jpeg").url)
    assert moment(data["datePublished"]) == article.publish_at.replace(microsecond=0)
    assert moment(data["datePublished"]).utcoffset() is not None
    assert data["dateModified"] == data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
        for author in article.byline_authors
    ]
    assert [author["name"] for author in data["author"]] == ["Zhang Wei", "Aiko Sato"]
    assert data["articleSection"] == "Asia"
    assert sorted(data["keywords"]) == ["Hong Kong", "Weather"]


def test_the_publisher_logo_is_an_absolute_url_of_a_file_of_the_stated_size(client, article):
    publisher = parse(client, article).graph_node("NewsArticle")["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == settings.SITE_NAME
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == absolute(static("img/logo.png"))
    with open(finders.find("img/logo.png"), "rb") as file:
        assert image_size(file.read()) == (logo["width"], logo["height"])


def test_breadcrumbs_lead_home_then_section_then_article(client, article):
    crumbs = parse(client, article).graph_node("BreadcrumbList")["itemListElement"]
    assert [(c["@type"], c["position"], c["name"], c["item"]) for c in crumbs] == [
        ("ListItem", 1, "Home", absolute("/")),
        ("ListItem", 2, "Asia", absolute(article.section.get_absolute_url())),
        ("ListItem", 3, "Typhoon closes Hong Kong harbour", absolute(article.get_absolute_url())),
    ]


def test_date_modified_is_the_significant_update_not_the_last_save(client, article):
    article.significantly_updated_at = article.publish_at + datetime.timedelta(hours=2)
    article.save()
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() + datetime.timedelta(days=1))

    page = parse(client, article)
    expected = article.significantly_updated_at.replace(microsecond=0)
    assert moment(page.graph_node("NewsArticle")["dateModified"]) == expected
    assert moment(page.one("article:modified_time")) == expected


def test_a_long_headline_is_cut_to_110_characters_for_search_engines(client):
    article = ArticleFactory(headline="Minister says " + "very " * 40 + "long")
    headline = parse(client, article).graph_node("NewsArticle")["headline"]
    assert len(headline) <= 110
    assert headline.startswith("Minister says very very")


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_hostile_headline_or_standfirst_cannot_break_out_of_json_ld_or_meta_tags(client, payload):
    article = ArticleFactory(headline=f"Headline {payload}", standfirst=f"Standfirst {payload}")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html

    page = parse(client, article)
    data = page.graph_node("NewsArticle")
    assert data["headline"] == f"Headline {payload}"
    assert data["description"] == f"Standfirst {payload}"
    assert page.one("og:title") == f"Headline {payload}"
    assert page.one("og:description") == f"Standfirst {payload}"
    assert page.one("description") == f"Standfirst {payload}"
    assert [s["attrs"].get("type") for s in page.scripts if "src" not in s["attrs"]] == ["application/ld+json"]


def test_the_page_has_no_inline_script_but_the_json_ld(client, article):
    page = parse(client, article)
    inline = [script for script in page.scripts if "src" not in script["attrs"]]
    assert [script["attrs"].get("type") for script in inline] == ["application/ld+json"]


def test_an_article_without_a_lead_image_has_valid_json_ld_and_the_site_card(client):
    article = ArticleFactory(lead_image=None, authors=[AuthorFactory()])
    page = parse(client, article)

    data = page.graph_node("NewsArticle")
    assert "image" not in data
    assert data["headline"] == article.headline and data["author"][0]["@type"] == "Person"
    assert page.one("og:image") == page.one("twitter:image") == absolute(static("img/og-default.png"))
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("1200", "630")
    with open(finders.find("img/og-default.png"), "rb") as file:
        assert image_size(file.read()) == (1200, 630)


def test_an_unsigned_article_is_credited_to_the_publication(client):
    data = parse(client, ArticleFactory()).graph_node("NewsArticle")
    assert data["author"] == data["publisher"]


def test_the_tag_runs_no_queries_on_an_article_from_for_detail(article):
    get_rendition(article.lead_image, "social-jpeg")  # made on the first view, then prefetched
    get_rendition(article.lead_image, "w1600-jpeg")
    prefetched = Article.objects.for_detail().get(pk=article.pk)
    template = Template("{% load seo_tags %}{% article_meta article %}")
    context = Context({"request": RequestFactory().get("/"), "article": prefetched, "SITE_NAME": "Asia In News"})

    with CaptureQueriesContext(connection) as queries:
        rendered = template.render(context)
    assert len(queries) == 0
    assert "application/ld+json" in rendered


@pytest.mark.usefixtures("uncached_pages")
def test_the_article_page_query_count_does_not_grow_with_bylines_and_tags(client, article):
    client.get(article.get_absolute_url())  # renditions are made on the first view
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())

    for position, author in enumerate([AuthorFactory(), AuthorFactory(), AuthorFactory()], start=2):
        Byline.objects.create(article=article, author=author, position=position)
    article.tags.add("Shipping", "Typhoons", "Trade")
    with CaptureQueriesContext(connection) as many:
        page = client.get(article.get_absolute_url())

    assert len(parse(client, article).graph_node("NewsArticle")["author"]) == 5
    assert page.status_code == 200
    assert len(many) == len(few)


def test_a_preview_of_an_undated_draft_has_valid_json_ld_without_dates(editor_client):
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)
    page = parse(editor_client, draft)
    data = page.graph_node("NewsArticle")
    assert data["headline"] == draft.headline
    assert "datePublished" not in data and "dateModified" not in data
    assert "article:published_time" not in page.meta
