"""An article counts its corrections and stores its related articles, so its page needs neither worked out per reading.

The related lists start empty: `manage.py compute_related` fills them (run it once after this migration)."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def count_corrections(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    counted = Correction.objects.filter(article=models.OuterRef("pk")).order_by().values("article")
    Article.objects.filter(models.Exists(counted)).update(
        correction_count=Coalesce(models.Subquery(counted.annotate(n=models.Count("pk")).values("n")), 0)
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_byline")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="correction_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="related_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(count_corrections, migrations.RunPython.noop),
    ]
