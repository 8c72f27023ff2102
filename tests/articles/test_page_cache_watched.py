"""Every row a reader's page is made of is watched: changing it updates the cached pages at once."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import DeletedArticle
from articles.models import Article, Correction, PublicationState
from articles.signals import WATCHED
from demo.content import REFERENCE_SLUG
from media.models import Agency, Image
from tests.helpers.demo_pages import demo_page_urls
from tests.helpers.page_cache import cached_routes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Read by reader pages, and rightly not watched: the page cache's own schedule row, the content types taggit
# finds an article's tags through (rows migrate makes and nothing edits), and the API's record of deleted articles
# (written only by an article's deletion, which purges what showed it).
NOT_CONTENT = {PublicationState, ContentType, DeletedArticle}
TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


@pytest.fixture
def demo(media_root):
    call_command("load_demo", stdout=io.StringIO())
    return demo_page_urls()


def reader_addresses(demo):
    """An address for every page served through the page cache, on the demo site."""
    reference = Article.objects.get(slug=REFERENCE_SLUG)
    day = timezone.localtime(reference.publish_at)
    section, tag, author = "/section/asia/", "/tag/taiwan/", "/authors/nikhil-chauhan/"
    addresses = {
        "articles:home": demo["home"],
        "articles:search": demo["search"],
        "articles:section": section,
        "articles:tag": tag,
        "articles:archive_year": f"/{day:%Y}/",
        "articles:archive_month": f"/{day:%Y/%m}/",
        "articles:archive_day": f"/{day:%Y/%m/%d}/",
        "articles:feed_rss": "/feeds/rss/",
        "articles:feed_atom": "/feeds/atom/",
        "articles:section_feed_rss": f"{section}rss/",
        "articles:section_feed_atom": f"{section}atom/",
        "articles:tag_feed_rss": f"{tag}rss/",
        "articles:tag_feed_atom": f"{tag}atom/",
        "articles:corrections": "/corrections/",
        "articles:corrections_feed": "/corrections/rss/",
        "articles:page": demo["static page"],
        "authors:detail": author,
        "authors:feed_rss": f"{author}rss/",
        "authors:feed_atom": f"{author}atom/",
        "sitemap": "/sitemap.xml",
        "sitemap_section": "/sitemap-articles.xml",
        "news_sitemap": "/news-sitemap.xml",
        "robots": "/robots.txt",
        "api_examples": demo["content API"],
        "api-v1:article_list": "/api/v1/articles/",
        "api-v1:ninjs_article_list": "/api/v1/ninjs/articles/",
        "api-v1:ninjs22_article_list": "/api/v1/ninjs/2.2/articles/",
        "api-v1:article_detail": f"/api/v1/articles/{reference.pk}/",
        "api-v1:ninjs_article_detail": f"/api/v1/ninjs/articles/{reference.pk}/",
        "api-v1:ninjs22_article_detail": f"/api/v1/ninjs/2.2/articles/{reference.pk}/",
        "api-v1:section_list": "/api/v1/sections/",
        "api-v1:tag_list": "/api/v1/tags/",
        "api-v1:author_list": "/api/v1/authors/",
    }
    articles = [demo["article"], demo["article with a picture in the body"]]
    return [*addresses.values(), *articles], set(addresses) | {"articles:detail"}


def test_every_model_a_reader_page_reads_is_watched_by_the_page_cache(client, demo, uncached_pages):
    """The models are found from the queries the pages make, so a template that starts reading a new model
    fails here until the model is watched (articles.signals.WATCHED)."""
    addresses, names = reader_addresses(demo)
    assert names == set(cached_routes()), "give every cached page an address here"
    assert Image.objects.filter(agency__isnull=False).exists() and Correction.objects.exists()
    models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    read = set()
    for address in addresses:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200, address
        read |= {models[table] for query in queries for table in TABLE.findall(query["sql"])}
    assert {Agency, Image, Article} <= read  # the pages were found to read pictures and their agencies
    unwatched = sorted(model._meta.label for model in read - NOT_CONTENT - set(WATCHED))
    assert not unwatched, f"reader pages read {unwatched}, whose changes leave cached pages as they were"
