"""Each image lists its renditions' files itself, so a page draws a picture without querying its renditions."""

from django.db import migrations, models


def record(apps, schema_editor):
    Image = apps.get_model("media", "Image")
    Rendition = apps.get_model("media", "Rendition")
    files = {}
    for image_id, spec, name, width, height in Rendition.objects.order_by("image_id", "spec").values_list(
        "image_id", "spec", "file", "width", "height"
    ):
        files.setdefault(image_id, {})[spec] = [name, width, height]
    images = list(Image.objects.filter(pk__in=files).only("pk"))
    for image in images:
        image.rendition_files = files[image.pk]
    Image.objects.bulk_update(images, ["rendition_files"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("media", "0003_desk_rights")]

    operations = [
        migrations.AddField(
            model_name="image",
            name="rendition_files",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(record, migrations.RunPython.noop),
    ]
