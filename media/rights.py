"""What an image's licence allows: the rules publishing checks before an article goes out."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

LEAD_IMAGE = "The lead image “{}”"
BODY_PICTURE = "The picture “{}” in the body"


def publish_problem(image, publish_at=None, label=LEAD_IMAGE) -> str | None:
    """Why `image` may not go out with an article published at `publish_at` (default: now), or None.

    `label` names the picture in the message: the lead image, or a picture in the body."""
    if image is None:
        return None
    name = label.format(image)
    if image.credit_missing:
        who = image.agency.name if image.agency_id and image.agency.credit_required else None
        why = f"{who} requires one" if who else f"{image.get_usage_rights_display().lower()} images require one"
        return f"{name} needs a credit: {why}."
    now = timezone.now()
    # Expired by the time it would go out: now, or a scheduled time in the future.
    if image.rights_expired_at(max(publish_at or now, now)):
        day = date_format(timezone.localtime(image.rights_expire_at), "j M Y")
        if image.rights_expired:
            return f"{name} cannot be published: its usage rights expired on {day}."
        return f"{name} cannot be published then: its usage rights expire on {day}, before that time."
    return None


def check_publishable(article, *, already_out=None) -> None:
    """Refuse to publish `article` with a picture that lacks a required credit or whose rights have expired.

    `already_out` is the article as readers have it, when it stays out with the same lead image and time:
    then only pictures new to its body are checked, so that fixing a typo is never refused."""
    pictures = article.body_images()
    if already_out is None:
        lead_image, body_pictures = article.lead_image, pictures.values()
    else:
        shown = set(already_out.body_image_ids())
        lead_image, body_pictures = None, [image for pk, image in pictures.items() if pk not in shown]
    problems = {}
    lead = publish_problem(lead_image, article.publish_at)
    if lead:
        problems["lead_image"] = [lead]
    body = [problem for image in body_pictures if (problem := publish_problem(image, article.publish_at, BODY_PICTURE))]
    if body:
        problems["body"] = body
    if problems:
        raise ValidationError(problems)
