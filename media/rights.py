"""What an image's licence allows: the rules publishing checks before an article goes out."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format


def publish_problem(image, publish_at=None) -> str | None:
    """Why `image` may not go out with an article published at `publish_at` (default: now), or None."""
    if image is None:
        return None
    if image.credit_missing:
        who = image.agency.name if image.agency_id and image.agency.credit_required else None
        why = f"{who} requires one" if who else f"{image.get_usage_rights_display().lower()} images require one"
        return f"The lead image “{image}” needs a credit: {why}."
    now = timezone.now()
    # Expired by the time it would go out: now, or a scheduled time in the future.
    if image.rights_expired_at(max(publish_at or now, now)):
        day = date_format(timezone.localtime(image.rights_expire_at), "j M Y")
        if image.rights_expired:
            return f"The lead image “{image}” cannot be published: its usage rights expired on {day}."
        return f"The lead image “{image}” cannot be published then: its usage rights expire on {day}, before that time."
    return None


def check_publishable(article) -> None:
    """Refuse to publish `article` with a lead image that lacks a required credit or whose rights have expired.

    Only the lead image: article bodies hold no images (articles.html's allow-list has no <img>).
    """
    problem = publish_problem(article.lead_image, article.publish_at)
    if problem:
        raise ValidationError({"lead_image": problem}, code="image_rights")
