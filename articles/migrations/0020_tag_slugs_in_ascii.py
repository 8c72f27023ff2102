"""Tags' addresses in ASCII, as every other address here (common/slugs.py), unless ALLOW_UNICODE_SLUGS is set.

Tags used to keep their letters (/tag/台湾/). Each such tag gets its transliterated slug (/tag/tai-wan/), and where
readers could have found it (a live article carries it) its old page and feeds redirect to the new ones for ever.
The rules are frozen here as migrations must be: the slug of common.slugs.readable_slug, published() of
articles.querysets.
"""

import re

from django.conf import settings
from django.db import migrations
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from text_unidecode import unidecode

ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
SLUG_CHARS = 90


def tags_to_ascii(apps, schema_editor):
    if settings.ALLOW_UNICODE_SLUGS:
        return
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Article = apps.get_model("articles", "Article")
    Redirect = apps.get_model("redirects", "Redirect")
    now = timezone.now()
    live = Article.objects.filter(
        Q(expire_at__isnull=True) | Q(expire_at__gt=now), status="published", publish_at__lte=now
    ).values("pk")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if ASCII_SLUG.match(tag.slug):
            continue
        base = slugify(unidecode(tag.name))[:SLUG_CHARS].rstrip("-") or "tag"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        old = tag.slug
        tag.slug = slug
        tag.save(update_fields=["slug"])
        taken.add(slug)
        public = TaggedItem.objects.filter(
            tag=tag, content_type__app_label="articles", content_type__model="article", object_id__in=live
        ).exists()
        if public:
            for ending in ("", "rss/", "atom/"):
                Redirect.objects.update_or_create(
                    old_path=f"/tag/{old}/{ending}",
                    defaults={"new_path": f"/tag/{slug}/{ending}", "status": 301, "origin": "moved"},
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_slugs_in_any_script"),
        ("redirects", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(tags_to_ascii, migrations.RunPython.noop)]
