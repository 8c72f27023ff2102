"""Editors manage redirects and 410s."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_redirect", "change_redirect", "delete_redirect", "view_redirect"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("redirects")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="redirects", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="redirects", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("redirects", "0001_initial"), ("articles", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
