"""Views per article per day, so that the desk's charts and most-read lists read a few rows, not a log."""

from django.db import models


class ArticleDailyViews(models.Model):
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
