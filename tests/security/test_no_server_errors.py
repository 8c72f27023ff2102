"""Hostile or merely unusual input gets a clear 4xx or form error, never a 500, and leaves nothing behind."""

import datetime

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


# --- date archives at the calendar's ends -----------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/Los_Angeles"])
@pytest.mark.parametrize(
    "path", ["/9999/", "/9999/12/", "/9999/12/31/", "/1/", "/1/01/", "/1/01/01/", "/0/", "/0/01/01/", "/10000/"]
)
def test_an_archive_at_the_ends_of_the_calendar_is_a_404_when_nothing_was_published_then(client, settings, zone, path):
    settings.TIME_ZONE = zone
    response = client.get(path)
    assert response.status_code == 404
    assert Article.objects.count() == 0


@pytest.mark.parametrize("path", ["/1/", "/1/01/", "/1/01/01/"])
def test_an_article_from_the_first_day_of_the_calendar_is_listed_in_kolkata(client, settings, path):
    settings.TIME_ZONE = "Asia/Kolkata"
    article = ArticleFactory(publish_at=datetime.datetime(1, 1, 1, tzinfo=UTC))  # 05:30 in Kolkata
    response = client.get(path)
    assert response.status_code == 200
    assert article.headline in response.text
