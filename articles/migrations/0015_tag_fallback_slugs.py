"""Give a readable slug to the tag whose name made an empty one ("!!!", "#", an emoji).

No address can name an empty slug, so the article pages carrying such a tag and the tag sitemap
failed. New tags get "tag", "tag-2", ... from articles.services.tag_save; this is the same rule,
frozen here as migrations must be.
"""

from django.db import migrations

FALLBACK_SLUG = "tag"


def repair_empty_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.filter(slug__startswith=FALLBACK_SLUG).values_list("slug", flat=True))
    for tag in Tag.objects.filter(slug="").order_by("pk"):
        slug, n = FALLBACK_SLUG, 2
        while slug in taken:
            slug, n = f"{FALLBACK_SLUG}-{n}", n + 1
        tag.slug = slug
        tag.save(update_fields=["slug"])
        taken.add(slug)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_body_image_uses"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(repair_empty_slugs, migrations.RunPython.noop)]
