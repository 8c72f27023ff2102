"""Rows the page cache and the view counter keep: purges of readers' pages, and readers' views.

Models of the articles app (models.py imports them); nobody edits them, services and signals count in them.
"""

from django.db import models
from django.utils import timezone


class PublicationState(models.Model):
    """One row: the moment up to which scheduled changes (publication, expiry, picture rights) have been purged.

    In the database so that, of all the app servers, one purges each scheduled change (articles.purge)."""

    caught_up_to = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Scheduled changes purged up to {self.caught_up_to}"


class PurgeLog(models.Model):
    """The dependency keys one change purged (articles.dependencies): servers whose page cache is their own
    apply them when they next look (every PAGE_CACHE_CHECK_SECONDS)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    keys = models.TextField(help_text="Space-separated dependency keys.")

    class Meta:
        verbose_name = "page purge"

    def __str__(self):
        return f"Purged {self.keys} at {self.at}"


class ArticleDailyViews(models.Model):
    """An article's views on one local day: the desk's chart and week reads a few rows, not a log."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField(help_text="The newsroom's local date (TIME_ZONE).")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "articles_articledailyviews"  # named in article_record_view's upsert
        verbose_name = "daily views"
        verbose_name_plural = "daily views"
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="daily_views_unique_day")]
        # The chart and most-read lists read the last days of the whole site.
        indexes = [models.Index(fields=["day"], name="daily_views_day_idx")]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.views}"


class ArticleHourlyViews(models.Model):
    """An article's views in one hour (UTC), kept for two days: "most read in the last 24 hours", exactly."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="hourly_views")
    hour = models.DateTimeField(help_text="The start of the hour.")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "articles_articlehourlyviews"  # named in article_record_view's upsert
        verbose_name = "hourly views"
        verbose_name_plural = "hourly views"
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="hourly_views_unique_hour")]
        indexes = [models.Index(fields=["hour"], name="hourly_views_hour_idx")]

    def __str__(self):
        return f"{self.article_id} at {self.hour:%Y-%m-%d %H}:00: {self.views}"
