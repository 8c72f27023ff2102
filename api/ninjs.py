"""Articles in IPTC's ninjs 3.1 ("News in JSON"), the format agencies and partners exchange stories in, and in
ninjs 2.2 for consumers still on 2.x (the same structure; 3.0 gave its property names camel case).

The same article as the site's own JSON (api/representations.py), in ninjs's vocabulary: a tombstone is an item
whose pubStatus is "canceled"; the lead picture is an association of type "picture" carrying its credit and licence
in by, copyrightHolder, copyrightNotice and usageTerms."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from api.representations import body_for_partners, shareable_renditions, withheld_reason

FORMATS = {"jpeg": "image/jpeg", "webp": "image/webp"}


def uri(request, article_id: int) -> str:
    """An article's identity: its address in the API, which stays when its slug or date change."""
    return request.build_absolute_uri(reverse("api-v1:article_detail", kwargs={"article_id": article_id}))


def stamp(moment):
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if moment else None


def article_ninjs(article, changed_at, request, *, full_text=False) -> dict:
    absolute = request.build_absolute_uri
    item = {
        "uri": uri(request, article.pk),
        "type": "text",
        "representationType": "full" if full_text else "partial",
        "profile": "text-photo" if article.lead_image_id else "text-only",
        "version": str(article.version),
        "firstCreated": stamp(article.first_published_at or article.publish_at),
        "versionCreated": stamp(changed_at),
        "contentCreated": stamp(article.created_at),
        "pubStatus": "usable",
        "language": language(),
        "headlines": [{"role": "main", "value": article.headline}],
        "copyrightHolder": settings.SITE_NAME,
        "copyrightNotice": f"© {timezone.localtime(article.first_published_at or article.publish_at).year} "
        f"{settings.SITE_NAME}",
        "altIds": [{"role": "url", "value": absolute(article.get_absolute_url())}],
        "subjects": [
            {
                "name": article.section.name,
                "rel": "section",
                "literal": article.section.slug,
                "uri": absolute(article.section.get_absolute_url()),
            },
            *(
                {
                    "name": tag.name,
                    "rel": "about",
                    "literal": tag.slug,
                    "uri": absolute(reverse("articles:tag", kwargs={"slug": tag.slug})),
                }
                for tag in article.tag_list
            ),
        ],  # fmt: skip
        "people": [
            {
                "name": byline.author.name,
                "rel": byline.role,
                "literal": byline.author.slug,
                "uri": absolute(byline.author.get_absolute_url()),
            }
            for byline in article.byline_list
        ],  # fmt: skip
    }
    if full_text:
        item["bodies"] = [{"role": "main", "contentType": "text/html", "value": body_for_partners(article, absolute)}]
    if article.standfirst:
        item["descriptions"] = [{"role": "summary", "contentType": "text/plain", "value": article.standfirst}]
    if article.byline_groups:
        item["by"] = " · ".join(f"{label} {names(authors)}" for _, label, authors in article.byline_groups)
    if article.expire_at:
        item["expires"] = stamp(article.expire_at)
    picture = lead_picture_ninjs(article, absolute)
    if picture:
        item["associations"] = [picture]
    if article.correction_count:
        item["edNote"] = " ".join(f"{note.get_kind_display()}: {note.text}" for note in article.corrections.all())
    return {key: value for key, value in item.items() if value not in (None, [], "")}


def lead_picture_ninjs(article, absolute) -> dict | None:
    image = article.lead_image
    if image is None or withheld_reason(image):
        return None
    picture = {
        "name": "lead-image",
        "rel": "lead",
        "uri": absolute(f"{reverse('api-v1:article_detail', kwargs={'article_id': article.pk})}#lead-image"),
        "type": "picture",
        "headlines": [{"value": image.alt_text}] if image.alt_text else [],
        "descriptions": [{"role": "caption", "contentType": "text/plain", "value": article.caption}]
        if article.caption
        else [],
        "by": image.credit,
        "copyrightHolder": image.agency.name if image.agency_id else image.credit,
        "copyrightNotice": image.copyright,
        "usageTerms": image.shown_disclaimer or image.get_usage_rights_display(),
        "renditions": [
            {"name": spec, "href": url, "contentType": FORMATS[fmt], "width": width, "height": height}
            for spec, url, width, height, fmt in shareable_renditions(image, absolute)
        ],
    }
    return {key: value for key, value in picture.items() if value not in (None, [], "")}


def tombstone_ninjs(entry, request) -> dict:
    return {
        "uri": uri(request, entry.id),
        "type": "text",
        "representationType": "partial",
        "pubStatus": "canceled",
        "versionCreated": stamp(entry.changed_at),
        "edNote": f"Taken down ({entry.gone or 'unpublished'}): remove it.",
    }


def names(authors) -> str:
    listed = [author.name for author in authors]
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"


def language() -> str:
    """BCP 47, as ninjs asks: "en-gb" is "en-GB"."""
    base, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{base}-{region.upper()}" if region else base


def in_version(item: dict, version: str) -> dict:
    """`item` (ninjs 3.1) in ninjs `version`: "3.1" as it is; "2.2" with every property name in lower case, and its
    associations without `rel` (which 3.0 brought)."""
    if version == "3.1":
        return item
    older = lower_case(item)
    for association in older.get("associations", []):
        association.pop("rel", None)
    return older


def lower_case(value):
    if isinstance(value, dict):
        return {name.lower(): lower_case(inner) for name, inner in value.items()}
    if isinstance(value, list):
        return [lower_case(inner) for inner in value]
    return value
