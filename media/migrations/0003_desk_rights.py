"""Picture agencies, an image's agency and copyright; editors manage agencies, reporters pick them."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import media.models

GRANTS = {"Editor": ["add_agency", "change_agency", "view_agency"], "Reporter": ["view_agency"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("media")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="media", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="media", content_type__model="agency").delete()


class Migration(migrations.Migration):
    dependencies = [("media", "0002_import_ref")]

    operations = [
        migrations.CreateModel(
            name="Agency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "disclaimer_template",
                    models.CharField(
                        default="This image is taken from {agency}.",
                        help_text="Shown under the agency's pictures unless a picture has its own; {agency} becomes the name.",
                        max_length=500,
                        validators=[media.models.validate_disclaimer_template],
                    ),
                ),
                (
                    "credit_required",
                    models.BooleanField(
                        default=True,
                        help_text="An article cannot be published with an uncredited picture.",
                        verbose_name="credit required",
                    ),
                ),
                (
                    "may_redistribute",
                    models.BooleanField(
                        default=False,
                        help_text="Its images may go to third parties: feeds, OpenGraph, JSON-LD, image sitemap.",
                        verbose_name="may redistribute",
                    ),
                ),
            ],
            options={"ordering": ["name"], "verbose_name_plural": "agencies"},
        ),
        migrations.AddField(
            model_name="image",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                help_text="Its disclaimer is shown unless the picture has its own; it decides whether a credit is required.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="images",
                to="media.agency",
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="copyright",
            field=models.CharField(blank=True, help_text='e.g. "© 2026 Reuters". Not shown to readers.', max_length=500),
        ),
        migrations.RunPython(grant, revoke),
    ]
