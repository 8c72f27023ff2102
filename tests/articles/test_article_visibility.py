"""One article's state as readers see it (Article.visibility) is the one-article twin of published() and
scheduled(): the admin's status column and the staff preview banner say what readers really see."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone

from articles.models import Article, Status, Visibility
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
TIMES = {"past": -1, "future": 1, "none": None}


def moment(when):
    return None if TIMES[when] is None else timezone.now() + datetime.timedelta(days=TIMES[when])


def banner(page):
    match = re.search(r'<p class="preview-banner" role="status">(.*?)</p>', page, re.S)
    assert match, "no preview banner"
    return " ".join(match.group(1).split())


def test_visibility_agrees_with_published_and_scheduled_for_every_status_and_time():
    """Every status with publish_at and expire_at each past, future or unset (as a raw database edit may leave
    them): an article is live exactly when published() has it, scheduled exactly when scheduled() has it."""
    made = {}
    for status, publish, expire in itertools.product(Status.values, TIMES, TIMES):
        article = ArticleFactory(status=status)
        Article.objects.filter(pk=article.pk).update(publish_at=moment(publish), expire_at=moment(expire))
        made[article.pk] = (status, publish, expire)
    live = set(Article.objects.published().values_list("pk", flat=True))
    scheduled = set(Article.objects.scheduled().values_list("pk", flat=True))

    for article in Article.objects.all():
        case = made[article.pk]
        assert (article.visibility == Visibility.LIVE) == (article.pk in live), case
        assert (article.visibility == Visibility.SCHEDULED) == (article.pk in scheduled), case
        if article.status != Status.PUBLISHED:
            assert article.visibility == article.status, case
    assert live and scheduled  # the combinations reached both
    expired = [case for pk, case in made.items() if Article.objects.get(pk=pk).visibility == Visibility.EXPIRED]
    assert expired == [(Status.PUBLISHED, "past", "past")]


def test_the_staff_preview_of_an_expired_article_says_when_it_expired_not_that_it_is_scheduled(editor_client, settings):
    settings.TIME_ZONE = "UTC"
    article = ArticleFactory(
        publish_at=datetime.datetime(2020, 3, 1, 9, 0, tzinfo=datetime.UTC),
        expire_at=datetime.datetime(2020, 3, 8, 18, 30, tzinfo=datetime.UTC),
    )

    page = editor_client.get(article.get_absolute_url()).content.decode()

    assert banner(page) == "Preview: this article expired on Sun, 8 Mar 2020, 18:30 UTC and is not visible to readers."


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"status": Status.DRAFT}, "Preview: this article is draft and not visible to readers."),
        ({"status": Status.IN_REVIEW}, "Preview: this article is in review and not visible to readers."),
        ({"status": Status.ARCHIVED}, "Preview: this article is archived and not visible to readers."),
    ],
)
def test_the_staff_preview_of_an_unpublished_article_names_its_status(editor_client, fields, said):
    article = ArticleFactory(**fields)

    assert banner(editor_client.get(article.get_absolute_url()).content.decode()) == said


def test_the_staff_preview_of_a_scheduled_article_says_when_it_goes_live(editor_client, settings):
    settings.TIME_ZONE = "UTC"
    publish_at = (timezone.now() + datetime.timedelta(days=400)).replace(hour=6, minute=15, second=0, microsecond=0)
    article = ArticleFactory(publish_at=publish_at)

    page = editor_client.get(article.get_absolute_url()).content.decode()

    when = f"{publish_at:%a}, {publish_at.day} {publish_at:%b %Y}, 06:15 UTC"
    assert banner(page) == f"Preview: this article is scheduled for {when} and not visible to readers."


def test_the_admin_list_shows_each_articles_state_as_readers_see_it(editor_client):
    now = timezone.now()
    states = {
        "Live story": {},
        "Coming story": {"publish_at": now + datetime.timedelta(days=1)},
        "Gone story": {"publish_at": now - datetime.timedelta(days=2), "expire_at": now - datetime.timedelta(days=1)},
        "Draft story": {"status": Status.DRAFT},
        "Review story": {"status": Status.IN_REVIEW},
        "Old story": {"status": Status.ARCHIVED},
    }
    for headline, fields in states.items():
        ArticleFactory(headline=headline, **fields)
    # Published with no time: only a raw database edit makes one; the list shows it instead of failing.
    Article.objects.filter(pk=ArticleFactory(headline="Timeless story").pk).update(publish_at=None)

    page = editor_client.get(CHANGELIST).content.decode()

    rows = dict(re.findall(r'>([A-Z][a-z]+ story)</a>.*?<td class="field-state">([^<]*)</td>', page, re.S))
    assert rows == {
        "Live story": "Published",
        "Coming story": "Scheduled",
        "Gone story": "Expired",
        "Draft story": "Draft",
        "Review story": "In review",
        "Old story": "Archived",
        "Timeless story": "Published without a time",
    }
