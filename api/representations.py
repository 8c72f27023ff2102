"""Articles as the API gives them: what readers see of them, with pictures only where their licence allows."""

from django.core.files.storage import default_storage
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse

from articles.models import Article, Correction
from media.renditions import SPECS


def articles_for_api(ids):
    """{id: article} of the published articles of `ids`, with what the API shows of them, in two queries at most."""
    found = list(Article.objects.published().filter(pk__in=ids).for_detail().defer("body"))
    corrected = [article for article in found if article.correction_count]
    if corrected:
        prefetch_related_objects(
            corrected, Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "pk"))
        )
    return {article.pk: article for article in found}


def article_summary(article, changed_at, request) -> dict:
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
    }


def lead_picture(article, absolute):
    """(the picture, None), or (None, why it is left out) when its licence does not let it go to third parties."""
    image = article.lead_image
    if image is None:
        return None, None
    reason = withheld_reason(image)
    if reason:
        return None, reason
    renditions = [
        {"url": url, "width": width, "height": height, "format": fmt}
        for _, url, width, height, fmt in shareable_renditions(image, absolute)
    ]
    return {
        "renditions": renditions,
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


def shareable_renditions(image, absolute):
    """(spec, absolute address, width, height, format) of each rendition the picture has."""
    return [
        (spec, absolute(default_storage.url(name)), width, height, SPECS[spec].format)
        for spec, (name, width, height) in sorted(image.rendition_files.items())
        if spec in SPECS
    ]
