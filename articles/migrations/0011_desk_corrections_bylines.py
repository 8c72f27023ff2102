from django.db import migrations, models

RESERVED_BEFORE = ["admin", "authors", "search", "section", "tag", "feeds", "uploads", "static", "articles", "sitemap", "robots"]  # fmt: skip


def reserved_slug_check(slugs):
    return models.CheckConstraint(
        condition=~models.Q(slug__in=slugs),
        name="page_slug_not_reserved",
        violation_error_message="This address is used by another part of the site.",
    )


def move_corrections_page(apps, schema_editor):
    """A page an editor put at /corrections/ would break the new constraint: it moves, it is not lost."""
    Page = apps.get_model("articles", "Page")
    Page.objects.filter(slug="corrections").update(slug="corrections-page")


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_import_ref")]

    operations = [
        migrations.AddField(
            model_name="articleauthor",
            name="role",
            field=models.CharField(
                choices=[
                    ("reporter", "Reporter"),
                    ("photographer", "Photographer"),
                    ("editor", "Editor"),
                    ("translator", "Translator"),
                ],
                default="reporter",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="correction",
            name="kind",
            field=models.CharField(
                choices=[
                    ("correction", "Correction"),
                    ("clarification", "Clarification"),
                    ("update", "Update"),
                    ("editors_note", "Editor’s note"),
                    ("retraction", "Retraction"),
                ],
                default="correction",
                help_text="Retractions and editor’s notes are shown above the article; the others below it.",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="correction",
            index=models.Index(fields=["-created_at", "-id"], name="correction_newest_idx"),
        ),
        # /corrections/ is now the site's corrections page.
        migrations.RunPython(move_corrections_page, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="page", name="page_slug_not_reserved"),
        migrations.AddConstraint(model_name="page", constraint=reserved_slug_check([*RESERVED_BEFORE, "corrections"])),
    ]
