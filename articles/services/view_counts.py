"""Counting a reader's view: the total, the day's and the hour's buckets, without a read-modify-write."""

from contextlib import nullcontext
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, ArticleHourlyViews

HOURLY_VIEWS_KEPT = timedelta(hours=48)


def article_record_view(*, article_id: int) -> bool:
    """Count one view of a published article in its total, today's bucket and this hour's, atomically (no
    read-modify-write)."""
    # One transaction on PostgreSQL. SQLite serialises writers anyway, and a transaction there would hold
    # the table's write lock between the statements, which its shared-cache databases (the tests')
    # report to the other beacons as an error rather than waiting; each statement alone is atomic.
    with transaction.atomic() if connection.vendor != "sqlite" else nullcontext():
        if not Article.objects.published().filter(pk=article_id).update(view_count=F("view_count") + 1):
            return False
        # An upsert (SQLite and PostgreSQL alike): concurrent first views of a day neither collide nor lose a count.
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_articledailyviews (article_id, day, views) VALUES (%s, %s, 1) "
                "ON CONFLICT (article_id, day) DO UPDATE SET views = articles_articledailyviews.views + 1",
                [article_id, connection.ops.adapt_datefield_value(timezone.localdate(now))],
            )
            hour = connection.ops.adapt_datetimefield_value(now.replace(minute=0, second=0, microsecond=0))
            # Insert-or-increment in two statements, not an upsert with RETURNING, which holds SQLite's
            # table lock until its cursor is done; the insert tells whether this is the hour's first view.
            cursor.execute(
                "INSERT INTO articles_articlehourlyviews (article_id, hour, views) VALUES (%s, %s, 1) "
                "ON CONFLICT (article_id, hour) DO NOTHING",
                [article_id, hour],
            )
            first_this_hour = cursor.rowcount == 1
            if not first_this_hour:
                cursor.execute(
                    "UPDATE articles_articlehourlyviews SET views = views + 1 WHERE article_id = %s AND hour = %s",
                    [article_id, hour],
                )
        if first_this_hour:
            # Its hours older than two days go: only the desk's "last 24 hours" reads them, and the daily
            # buckets keep the history.
            ArticleHourlyViews.objects.filter(article_id=article_id, hour__lt=now - HOURLY_VIEWS_KEPT).delete()
    return True
