import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_desk_corrections_bylines")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="expire_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Scheduled unpublish: from this time on the article is gone from every public place. Optional.",
                null=True,
                verbose_name="expire at",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("expire_at__isnull", False)), fields=["-expire_at"], name="article_expiry_idx"
            ),
        ),
        migrations.CreateModel(
            name="ArticleDailyViews",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(help_text="The newsroom's local date (TIME_ZONE).")),
                ("views", models.PositiveIntegerField(default=0)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="daily_views",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "db_table": "articles_articledailyviews",
                "verbose_name": "daily views",
                "verbose_name_plural": "daily views",
                "indexes": [models.Index(fields=["day"], name="daily_views_day_idx")],
                "constraints": [models.UniqueConstraint(fields=("article", "day"), name="daily_views_unique_day")],
            },
        ),
    ]
