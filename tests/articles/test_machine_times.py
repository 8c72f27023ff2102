"""Moments machines read (datetime attributes, JSON-LD, feeds, sitemaps) are written to the second.

"Publish now" stores the moment to the microsecond; HTML's datetime attribute allows at most three
fractional digits, and nothing else needs any.
"""

import re

import pytest
from django.urls import reverse

from articles import services
from articles.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FRACTION = re.compile(r"\d\d:\d\d:\d\d[.,]\d")


def test_an_article_published_now_is_dated_to_the_second_everywhere_machines_read(client, editor, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    article = services.article_publish(article=ArticleFactory(status=Status.DRAFT, publish_at=None), by=editor)
    services.correction_add(article=article, by=editor, text="An earlier version gave the wrong date.")
    assert article.publish_at.microsecond
    page = client.get(article.get_absolute_url()).text
    assert '<time datetime="' in page
    assert '"datePublished": "' in page
    for path in [
        article.get_absolute_url(),
        reverse("articles:home"),
        reverse("articles:feed_atom"),
        reverse("articles:feed_rss"),
        reverse("articles:corrections_feed"),
        reverse("sitemap"),
        reverse("sitemap_section", kwargs={"section": "articles"}),
        reverse("news_sitemap"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not FRACTION.search(response.content.decode()), path
