"""Articles as the API gives them: what readers see of them, with pictures only where their licence allows."""

from django.core.files.storage import default_storage
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.html import body_figures_replaced
from articles.models import Article, Correction
from common.dependencies import image_keys, shown
from media.models import Image
from media.renditions import EDITOR_SPEC, SPECS

# A body's pictures go out at the size the article column shows them.
BODY_SPEC = EDITOR_SPEC


def articles_for_api(ids, *, full_text=False):
    """{id: article} of the published articles of `ids`, with what the API shows of them, in two queries (four with
    the full text: the pictures in the bodies, and their renditions)."""
    found = Article.objects.published().filter(pk__in=ids).for_detail()
    found = list(found if full_text else found.defer("body"))
    corrected = [article for article in found if article.correction_count]
    if corrected:
        prefetch_related_objects(
            corrected, Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "pk"))
        )
    if full_text:
        pictures = Image.objects.for_pictures().in_bulk({pk for article in found for pk in article.body_image_ids()})
        for article in found:
            article.body_pictures = pictures
    return {article.pk: article for article in found}


def body_for_partners(article, absolute) -> str:
    """The body's HTML, each library picture an <img> at an absolute address with its caption, credit and
    disclaimer; a picture its licence keeps from partners is left out."""

    def figure(image, alt, caption):
        if withheld_reason(image):
            return ""
        made = {rendition[0]: rendition for rendition in shareable_renditions(image, absolute)}
        chosen = made.get(BODY_SPEC) or next(iter(made.values()), None)
        if chosen is None:
            return ""
        _, url, width, height, _ = chosen
        notes = [caption, escape(image.credit and f"Photo: {image.credit}"), escape(image.shown_disclaimer)]
        return format_html(
            '<figure><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
            url, alt or image.alt_text, width, height, mark_safe(" ".join(note for note in notes if note)),  # noqa: S308
        )  # fmt: skip

    return body_figures_replaced(article.body, article.body_pictures, figure)


def article_summary(article, changed_at, request, *, full_text=False) -> dict:
    absolute = request.build_absolute_uri
    section = article.section
    picture, withheld = lead_picture(article, absolute)
    return {
        "kind": "article",
        "id": article.pk,
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "section": {"slug": section.slug, "name": section.name, "url": absolute(section.get_absolute_url())},
        "tags": [
            {"slug": tag.slug, "name": tag.name, "url": absolute(reverse("articles:tag", kwargs={"slug": tag.slug}))}
            for tag in article.tag_list
        ],
        "bylines": [
            {
                "name": byline.author.name,
                "slug": byline.author.slug,
                "role": byline.role,
                "url": absolute(byline.author.get_absolute_url()),
            }
            for byline in article.byline_list
        ],
        "published_at": article.first_published_at,
        "significantly_updated_at": article.significantly_updated_at,
        "changed_at": changed_at,
        "corrections": [
            {"kind": note.kind, "text": note.text, "created_at": note.created_at}
            for note in (article.corrections.all() if article.correction_count else [])
        ],
        "lead_image": picture,
        "lead_image_withheld": withheld,
        **({"body_html": body_for_partners(article, absolute)} if full_text else {}),
    }


def lead_picture(article, absolute):
    """(the picture, None), or (None, why it is left out) when its licence does not let it go to third parties."""
    image = article.lead_image
    if image is None:
        return None, None
    reason = withheld_reason(image)
    if reason:
        return None, reason
    return {
        "renditions": renditions(image, absolute),
        "alt_text": image.alt_text,
        "caption": article.caption,
        "credit": image.credit,
        "disclaimer": image.shown_disclaimer,
    }, None


def withheld_reason(image) -> str:
    """Why a picture may not go to partners ("" when it may): its rights, or its agency's terms."""
    if image.rights_expired:
        return "The picture's usage rights have expired."
    if not image.shareable:
        return "The picture's agency does not allow redistribution."
    return ""


def renditions(image, absolute) -> list[dict]:
    """A picture's renditions as the site's JSON gives them."""
    return [
        {"url": url, "width": width, "height": height, "format": fmt}
        for _, url, width, height, fmt in shareable_renditions(image, absolute)
    ]


def shareable_renditions(image, absolute):
    """(spec, absolute address, width, height, format) of each rendition the picture has."""
    return [
        (spec, absolute(default_storage.url(name)), width, height, SPECS[spec].format)
        for spec, (name, width, height) in sorted(image.rendition_files.items())
        if spec in SPECS
    ]


def author_summary(author, request) -> dict:
    """An author as partners get them: their photo only where its licence allows, as the lead picture's."""
    absolute = request.build_absolute_uri
    photo = author.photo
    shareable = photo is not None and not withheld_reason(photo)
    if photo is not None:
        shown(*image_keys(photo))
    return {
        "slug": author.slug,
        "name": author.name,
        "role": author.role,
        "bio": author.bio,
        "url": absolute(author.get_absolute_url()),
        "photo": {
            "renditions": renditions(photo, absolute),
            "alt_text": photo.alt_text or author.name,
            "caption": "",
            "credit": photo.credit,
            "disclaimer": photo.shown_disclaimer,
        }
        if shareable
        else None,
        "links": [{"label": link.label, "url": link.url} for link in author.links.all()],
    }
