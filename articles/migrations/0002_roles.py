"""The Reporter and Editor groups.

Reporters write and edit their own articles, submit them for review and upload
images; editors do everything, including publishing and corrections.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = {
    "articles": ["add_article", "change_article", "view_article", "view_section", "view_correction"],
    "authors": ["view_author"],
    "media": ["add_image", "change_image", "view_image"],
    "taggit": ["add_tag", "view_tag"],
}
EDITOR = {
    "articles": [
        "add_article", "change_article", "delete_article", "view_article", "publish_article",
        "add_section", "change_section", "view_section",
        "add_correction", "view_correction",
    ],
    "authors": ["add_author", "change_author", "view_author"],
    "media": ["add_image", "change_image", "delete_image", "view_image"],
    "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
}  # fmt: skip
ROLES = {"Reporter": REPORTER, "Editor": EDITOR}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            if permissions.count() != len(codenames):
                raise RuntimeError(f"Missing permissions for {name} in {app_label}: {codenames}")
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("media", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
