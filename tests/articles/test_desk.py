"""The editor's desk on the admin index: each panel's contents for editors and reporters, at a fixed cost."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleDailyViews, ArticleHourlyViews, Status
from media.models import Image
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, UserFactory
from tests.helpers.desk import ADMIN, panel

pytestmark = pytest.mark.django_db


def local_at(days, hour, minute=0):
    """An aware time on the local date `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def desk(editor, reporter):
    """Work by the reporter (created by them, or bylined) and by someone else, in every state the desk shows."""
    someone = UserFactory(username="someone", role="Reporter")
    reporter_author = AuthorFactory(name="Rita Reporter", user=reporter)
    now = timezone.now()
    made = {}
    for owner, prefix in ((reporter, "Own"), (someone, "Other")):
        made[f"{prefix} draft"] = ArticleFactory(
            headline=f"{prefix} draft", status=Status.DRAFT, created_by=owner, publish_at=None
        )
        made[f"{prefix} review"] = ArticleFactory(
            headline=f"{prefix} review", status=Status.IN_REVIEW, created_by=owner
        )
        made[f"{prefix} tomorrow"] = ArticleFactory(
            headline=f"{prefix} tomorrow", created_by=owner, publish_at=local_at(1, 23, 30)
        )
        made[f"{prefix} uncredited"] = ArticleFactory(
            headline=f"{prefix} uncredited", created_by=owner, lead_image=ImageFactory(title=f"{prefix} photo")
        )
        made[f"{prefix} read"] = ArticleFactory(headline=f"{prefix} read", created_by=owner)
    # A bylined article counts as the reporter's own, though someone else created it.
    bylined = ArticleFactory(headline="Bylined read", created_by=someone, authors=[reporter_author])
    made["Bylined read"] = bylined
    Article.objects.filter(pk=made["Own draft"].pk).update(updated_at=now - datetime.timedelta(hours=5))
    Article.objects.filter(pk=made["Other review"].pk).update(submitted_at=now - datetime.timedelta(hours=3, minutes=5))
    Article.objects.filter(pk=made["Own review"].pk).update(submitted_at=now - datetime.timedelta(minutes=20))
    Image.objects.filter(pk=made["Own uncredited"].lead_image_id).update(credit="")
    Image.objects.filter(pk=made["Other uncredited"].lead_image_id).update(
        rights_expire_at=now + datetime.timedelta(days=3)
    )
    today, yesterday = timezone.localdate(), timezone.localdate() - datetime.timedelta(days=1)
    views = [
        (made["Own read"], today, 40),
        (made["Other read"], today, 30),
        (made["Other read"], yesterday, 30),
        (bylined, today - datetime.timedelta(days=5), 500),  # in the week, not in the last two days
    ]
    ArticleDailyViews.objects.bulk_create(ArticleDailyViews(article=a, day=d, views=v) for a, d, v in views)
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    hours = [
        (made["Own read"], this_hour, 40),
        (made["Other read"], this_hour - datetime.timedelta(hours=23), 60),  # the oldest hour of the last 24
        (made["Other read"], this_hour - datetime.timedelta(hours=24), 1000),  # just outside them
        (bylined, this_hour - datetime.timedelta(hours=25), 500),
    ]
    ArticleHourlyViews.objects.bulk_create(ArticleHourlyViews(article=a, hour=h, views=v) for a, h, v in hours)
    return made


def test_an_editor_sees_everyones_work_on_the_desk(editor_client, desk):
    page = editor_client.get(ADMIN).content.decode()

    assert panel(page, "desk-my-drafts") == "My drafts No drafts."  # the editor has none of their own
    review = panel(page, "desk-review-queue")
    assert "Other review waiting 3 hours" in review and "Own review" in review
    assert review.index("Other review") < review.index("Own review")  # the longest waiting first
    scheduled = panel(page, "desk-scheduled")
    assert "Tomorrow 23:30" in scheduled and "Own tomorrow" in scheduled and "Other tomorrow" in scheduled
    images = panel(page, "desk-image-problems")
    assert "Own uncredited Own photo: no credit" in images
    assert "Other uncredited Other photo: rights expire" in images
    last_day = panel(page, "desk-most-read-day")
    assert "Other read 60 views" in last_day and "Own read 40 views" in last_day
    assert last_day.index("Other read") < last_day.index("Own read")
    assert "Bylined read" not in last_day  # read 25 hours ago
    assert panel(page, "desk-most-read-week").startswith("Most read in the last 7 days Bylined read 500 views")
    # The app list is still there, under the desk.
    assert 'id="desk-review-queue"' in page and "app-articles" in page


def test_a_reporter_sees_only_their_own_work_in_every_panel(reporter_client, desk):
    page = reporter_client.get(ADMIN).content.decode()

    assert "Own draft" in panel(page, "desk-my-drafts") and "edited 5 hours ago" in panel(page, "desk-my-drafts")
    for panel_id in ("desk-my-drafts", "desk-review-queue", "desk-scheduled", "desk-image-problems",
                     "desk-most-read-day", "desk-most-read-week"):  # fmt: skip
        assert "Other" not in panel(page, panel_id), panel_id
    assert "Own review" in panel(page, "desk-review-queue")
    assert "Own tomorrow" in panel(page, "desk-scheduled")
    assert "Own uncredited" in panel(page, "desk-image-problems")
    assert "Own read 40 views" in panel(page, "desk-most-read-day")
    assert "Bylined read 500 views" in panel(page, "desk-most-read-week")
    # The chart counts the reporter's articles only: 40 today, 500 five days ago.
    assert "540 views in all, at most 500 in a day" in page
    assert "600 views" not in page


def test_the_chart_is_an_accessible_svg_of_the_last_fourteen_days_without_inline_style(editor_client, desk):
    page = editor_client.get(ADMIN).content.decode()
    chart = panel(page, "desk-views-chart")
    svg = re.search(r'<svg class="desk-chart".*?</svg>', page, re.S).group(0)

    assert 'role="img"' in svg and 'aria-labelledby="desk-chart-title desk-chart-desc"' in svg
    assert "style=" not in svg and "<script" not in svg
    assert svg.count("<rect") == 14
    assert "600 views in all, at most 500 in a day" in chart
    today = timezone.localdate()
    assert f"{today:%a} {today.day} {today:%b %Y} 70" in chart  # the table gives every number


def test_a_beacon_shows_in_todays_bar(editor_client, desk):
    article = desk["Own read"]
    assert Client().post(reverse("articles:record_view", args=[article.pk])).status_code == 204
    chart = panel(editor_client.get(ADMIN).content.decode(), "desk-views-chart")
    today = timezone.localdate()
    assert f"{today:%a} {today.day} {today:%b %Y} 71" in chart


@pytest.mark.parametrize("role", ["Editor", "Reporter"])
def test_the_desk_costs_the_same_queries_for_3_or_30_articles(client, django_assert_num_queries, role):
    user = UserFactory(role=role)
    author = AuthorFactory(user=user)
    client.force_login(user)

    def fill(count):
        now = timezone.now()
        for n in range(count):
            kind = n % 5
            article = ArticleFactory(
                created_by=user, authors=[author], lead_image=ImageFactory(credit="") if kind == 3 else None,
                status=[Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.PUBLISHED, Status.PUBLISHED][kind],
                publish_at=now + datetime.timedelta(hours=1) if kind == 2 else now - datetime.timedelta(hours=1),
            )  # fmt: skip
            if kind == 4:  # an uncredited picture in the body
                article.body += f'<figure><img alt="" data-file="{ImageFactory(credit="").pk}"></figure>'
                article.save()
            ArticleDailyViews.objects.create(article=article, day=timezone.localdate(), views=n + 1)

    counts = []
    for total in (3, 30):
        fill(total - Article.objects.count())
        client.get(ADMIN)  # the session and permissions, as on any admin page
        with django_assert_num_queries(QUERIES) as captured:
            page = client.get(ADMIN).content.decode()
        counts.append(len(captured))
        assert 'id="desk-my-drafts"' in page
    assert counts == [QUERIES, QUERIES]


QUERIES = 13


def test_people_without_articles_get_the_plain_admin_index(client, desk):
    user = UserFactory(username="librarian")
    client.force_login(user)
    page = client.get(ADMIN).content.decode()
    assert "editor-desk" not in page


def test_submitting_for_review_puts_the_article_in_the_editors_queue(editor_client, reporter):
    draft = services.article_save(article=Article(headline="Fresh copy", section=ArticleFactory().section), by=reporter)
    services.article_submit_for_review(article=draft, by=reporter)
    assert "Fresh copy waiting 0 minutes" in panel(editor_client.get(ADMIN).content.decode(), "desk-review-queue")
