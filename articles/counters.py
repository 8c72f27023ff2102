"""Counters kept in rows: changes readers may see (the page cache's generation) and readers' views.

Models of the articles app (models.py imports them); nobody edits them, services and signals count in them.
"""

from django.db import models


class PublicationState(models.Model):
    """One row counting changes to anything readers see; the page cache keys on it (articles.page_cache).

    A counter in the database, not only in the cache, so that every app server, whatever its
    cache, learns of a change within seconds.
    """

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Publication state {self.version}"


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
