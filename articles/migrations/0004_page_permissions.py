"""Editors manage the static pages (About, Contact, Corrections policy)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_page", "change_page", "delete_page", "view_page"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_page")]

    operations = [migrations.RunPython(grant, revoke)]
