"""ArticleAuthor is what it always was, a byline: the model, its table and its permissions take the name."""

from django.db import migrations

OLD, NEW = ("articleauthor", "article author"), ("byline", "byline")


def rename_permissions(apps, schema_editor, old=OLD, new=NEW):
    (old, _), (new, label) = old, new
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="articles", codename__endswith=f"_{old}"):
        action = permission.codename.removesuffix(f"_{old}")
        if Permission.objects.filter(content_type=permission.content_type, codename=f"{action}_{new}").exists():
            permission.delete()  # already made by a run of post_migrate
            continue
        permission.codename = f"{action}_{new}"
        permission.name = f"Can {action} {label}"
        permission.save(update_fields=["codename", "name"])


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_tag_fallback_slugs"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RenameModel(old_name="ArticleAuthor", new_name="Byline"),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
