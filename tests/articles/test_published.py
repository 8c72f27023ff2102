"""Article.objects.published() is the one definition of what readers may see."""

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def visible_slugs():
    return set(Article.objects.published().values_list("slug", flat=True))


def test_only_published_articles_whose_time_has_come_are_visible():
    now = timezone.now()
    ArticleFactory(slug="live", publish_at=now - datetime.timedelta(minutes=1))
    ArticleFactory(slug="scheduled", publish_at=now + datetime.timedelta(minutes=1))
    ArticleFactory(slug="draft", status=Status.DRAFT, publish_at=now - datetime.timedelta(days=1))
    ArticleFactory(slug="in-review", status=Status.IN_REVIEW, publish_at=now - datetime.timedelta(days=1))
    ArticleFactory(slug="archived", status=Status.ARCHIVED, publish_at=now - datetime.timedelta(days=1))
    ArticleFactory(slug="no-time", publish_at=None, first_published_at=None)

    assert visible_slugs() == {"live"}


def test_a_scheduled_article_goes_live_by_itself_when_its_time_comes(time_machine):
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    ArticleFactory(slug="embargoed", publish_at=publish_at)
    assert visible_slugs() == set()
    assert set(Article.objects.scheduled().values_list("slug", flat=True)) == {"embargoed"}

    time_machine.move_to(publish_at - datetime.timedelta(microseconds=1), tick=False)
    assert visible_slugs() == set()
    time_machine.move_to(publish_at, tick=False)
    assert visible_slugs() == {"embargoed"}


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"])
def test_the_boundary_is_an_instant_whatever_the_site_time_zone(zone, time_machine):
    """Scheduling at local midnight means that instant, not midnight UTC or a date comparison."""
    with override_settings(TIME_ZONE=zone), timezone.override(zoneinfo.ZoneInfo(zone)):
        tz = zoneinfo.ZoneInfo(zone)
        midnight = datetime.datetime(2030, 1, 1, 0, 0, tzinfo=tz)
        ArticleFactory(slug=f"new-year-{zone.lower().replace('/', '-')}", publish_at=midnight)
        time_machine.move_to(midnight - datetime.timedelta(seconds=1), tick=False)
        assert visible_slugs() == set()
        time_machine.move_to(midnight, tick=False)
        assert len(visible_slugs()) == 1


def test_the_article_address_uses_the_local_publication_date():
    # 22 Oct 2025 20:00 UTC is already 23 Oct in Singapore.
    article = ArticleFactory(slug="late", publish_at=datetime.datetime(2025, 10, 22, 20, 0, tzinfo=datetime.UTC))
    with timezone.override(zoneinfo.ZoneInfo("Asia/Singapore")):
        assert article.get_absolute_url() == "/2025/10/23/late/"
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert article.get_absolute_url() == "/2025/10/22/late/"
