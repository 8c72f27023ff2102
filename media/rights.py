"""What an image's licence allows: whether a picture may go out with an article published at a given time."""

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
        why = (
            f"{image.agency.name} requires one"
            if image.agency_requires_credit
            else f"{image.get_usage_rights_display().lower()} images require one"
        )
        return f"{name} needs a credit: {why}."
    now = timezone.now()
    # Expired by the time it would go out: now, or a scheduled time in the future.
    if image.rights_expired_at(max(publish_at or now, now)):
        day = date_format(timezone.localtime(image.rights_expire_at), "j M Y")
        if image.rights_expired:
            return f"{name} cannot be published: its usage rights expired on {day}."
        return f"{name} cannot be published then: its usage rights expire on {day}, before that time."
    return None
