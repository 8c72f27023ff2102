"""The editor's desk on the admin index: what the people on shift need to see, each panel one query.

Reporters see their own work in every panel (created by them or carrying their byline);
editors, who may publish, see everyone's. "My drafts" is the user's own drafts for both.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.timesince import timesince

from articles.local_times import local_datetime
from articles.models import Article, ArticleBodyImage, ArticleDailyViews, Byline, Status
from articles.services import can_publish
from media.models import Image

PANEL_SIZE = 10
MOST_READ_SIZE = 5
RIGHTS_WARNING_DAYS = 14
CHART_DAYS = 14
CHART_HEIGHT = 100
BAR_WIDTH, BAR_GAP = 24, 6


def own_work(user) -> Q:
    bylined = Byline.objects.filter(author__user=user).values("article_id")
    return Q(created_by=user) | Q(pk__in=bylined)


def for_user(user, articles):
    """`articles` as `user` may see them on the desk: all for editors, their own for reporters."""
    return articles if can_publish(user) else articles.filter(own_work(user))


def my_drafts(user):
    """The user's own drafts, the most recently edited first."""
    return list(
        Article.objects.filter(own_work(user), status=Status.DRAFT)
        .only("headline", "updated_at")
        .order_by("-updated_at", "-pk")[:PANEL_SIZE]
    )


def review_queue(user, now):
    """Articles waiting for an editor, the longest waiting first, with how long they have waited."""
    waiting = for_user(user, Article.objects.filter(status=Status.IN_REVIEW))
    articles = list(
        waiting.only("headline", "submitted_at").order_by(F("submitted_at").asc(nulls_first=True), "pk")[:PANEL_SIZE]
    )
    for article in articles:
        article.waiting = timesince(article.submitted_at, now, depth=1) if article.submitted_at else ""
    return articles


def scheduled_soon(user, now):
    """Articles scheduled to go live from now to the end of tomorrow (local dates), as [(label, articles)]."""
    today = timezone.localdate(now)
    end = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time()))
    articles = for_user(user, Article.objects.scheduled().filter(publish_at__lt=end))
    days = {today: ("Today", []), today + datetime.timedelta(days=1): ("Tomorrow", [])}
    for article in articles.only("headline", "publish_at", "expire_at").order_by("publish_at", "pk"):
        local = timezone.localtime(article.publish_at)
        article.time = f"{local:%H:%M} {local.tzname()}"
        days[local.date()][1].append(article)
    return list(days.values())


def picture_problem(image: str, soon) -> Q:
    """Articles (or body picture uses) whose picture at `image` lacks a required credit or has rights ending by
    `soon`."""
    return Q(**{f"{image}__in": Image.objects.credit_missing()}) | Q(**{f"{image}__rights_expire_at__lte": soon})


@dataclass
class PictureProblem:
    article: Article
    image: Image
    in_body: bool
    problem: str = ""


def image_problems(user, now):
    """Live and upcoming articles with a picture (the lead image, or one in the body) that lacks a required credit
    or whose rights end within 14 days; the soonest to expire first. Two queries."""
    soon = now + datetime.timedelta(days=RIGHTS_WARNING_DAYS)
    articles = for_user(user, Article.objects.live_or_scheduled())
    fields = ["title", "credit", "rights_expire_at", "usage_rights", "agency__credit_required"]
    leads = (
        articles.filter(picture_problem("lead_image", soon))
        .select_related("lead_image__agency")
        .only("headline", *(f"lead_image__{name}" for name in fields))
        .order_by("lead_image__rights_expire_at", "-pk")[:PANEL_SIZE]
    )
    in_bodies = (
        ArticleBodyImage.objects.filter(picture_problem("image", soon), article__in=articles.values("pk"))
        .select_related("article", "image__agency")
        .only("article__headline", *(f"image__{name}" for name in fields))
        .order_by("image__rights_expire_at", "-article_id")[:PANEL_SIZE]
    )
    found = [PictureProblem(article, article.lead_image, in_body=False) for article in leads]
    found += [PictureProblem(use.article, use.image, in_body=True) for use in in_bodies]
    never = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    found.sort(key=lambda item: (item.image.rights_expire_at or never, -item.article.pk, item.in_body))
    for item in found[:PANEL_SIZE]:
        notes = []
        if item.image.credit_missing:
            notes.append("no credit")
        if item.image.rights_expire_at and item.image.rights_expire_at <= soon:
            verb = "expired" if item.image.rights_expire_at <= now else "expire"
            notes.append(f"rights {verb} {local_datetime(item.image.rights_expire_at)}")
        item.problem = "; ".join(notes)
    return found[:PANEL_SIZE]


def most_read_last_day(user, now):
    """The most read articles in the last 24 hours (the hourly buckets from 23 hours before this one), with their
    views."""
    since = now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=23)
    articles = for_user(user, Article.objects.published()).filter(hourly_views__hour__gte=since)
    return list(
        articles.annotate(recent_views=Sum("hourly_views__views"))
        .only("headline", "slug", "publish_at", "created_at")
        .order_by("-recent_views", "-publish_at")[:MOST_READ_SIZE]
    )


def most_read(user, *, days, today):
    """The most read articles in the daily buckets of `today` and the `days - 1` days before, with their views."""
    since = today - datetime.timedelta(days=days - 1)
    articles = for_user(user, Article.objects.published()).filter(daily_views__day__gte=since)
    return list(
        articles.annotate(recent_views=Sum("daily_views__views"))
        .only("headline", "slug", "publish_at", "created_at")
        .order_by("-recent_views", "-publish_at")[:MOST_READ_SIZE]
    )


def views_per_day(user, *, today, days=CHART_DAYS):
    """[(day, views)] for the last `days` days, today last, days without views included: one query."""
    since = today - datetime.timedelta(days=days - 1)
    buckets = ArticleDailyViews.objects.filter(day__gte=since, day__lte=today)
    if not can_publish(user):
        buckets = buckets.filter(article__in=Article.objects.filter(own_work(user)).values("pk"))
    totals = dict(buckets.values("day").annotate(total=Sum("views")).values_list("day", "total"))
    return [(day, totals.get(day, 0)) for day in (since + datetime.timedelta(days=n) for n in range(days))]


def chart(points):
    """Bar geometry for the SVG chart (presentation attributes only: the CSP allows no inline style)."""
    highest = max((views for _, views in points), default=0) or 1
    bars = []
    for n, (day, views) in enumerate(points):
        height = round(CHART_HEIGHT * views / highest)
        x = n * (BAR_WIDTH + BAR_GAP)
        bars.append(
            {"day": day, "views": views, "x": x, "y": CHART_HEIGHT - height, "height": height,
             "label_x": x + BAR_WIDTH // 2}
        )  # fmt: skip
    return {
        "bars": bars,
        "bar_width": BAR_WIDTH,
        "width": len(points) * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
        "height": CHART_HEIGHT,
        "total": sum(views for _, views in points),
        "highest": max((views for _, views in points), default=0),
    }


def desk(user) -> dict:
    now = timezone.now()
    today = timezone.localdate(now)
    return {
        "is_editor": can_publish(user),
        "drafts": my_drafts(user),
        "review_queue": review_queue(user, now),
        "scheduled": scheduled_soon(user, now),
        "image_problems": image_problems(user, now),
        "rights_warning_days": RIGHTS_WARNING_DAYS,
        "most_read_day": most_read_last_day(user, now),
        "most_read_week": most_read(user, days=7, today=today),
        "chart": chart(views_per_day(user, today=today)),
        "chart_days": CHART_DAYS,
    }
