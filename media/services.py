"""Write paths for images, shared by the admin, the imports and the management commands.

Who may change a picture: editors (the `publish_article` permission) any picture; anyone else only
a picture they uploaded, and only while readers do not see it (Image.public_uses()). A picture in
public use is never changed so that an article readers see could no longer be published, whoever asks.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from PIL import ExifTags
from PIL import Image as PILImage

from media.files import discard_new_files_on_error
from media.metadata import PREFILLED_FIELDS, prefill
from media.models import Image
from media.renditions import SPECS, rebuild_renditions
from media.rights import publish_problem

# Whoever decides what readers see may change what they see in it.
EDITOR_PERMISSION = "articles.publish_article"
PICTURE = "The picture “{}”"


def _names(holders) -> str:
    return ", ".join(f"“{holder}”" for holder in holders)


def image_refusal(user, image: Image, action: str = "change") -> str | None:
    """Why `user` may not `action` ("add", "change" or "delete") `image`, or None when they may.

    `user` None is an operator running a command at the shell without --user: trusted like an editor."""
    if user is None:
        return None
    if not user.has_perm(f"media.{action}_image"):
        return f"You do not have permission to {action} pictures."
    if action == "add" or user.has_perm(EDITOR_PERMISSION):
        return None
    if image.uploaded_by_id is None or image.uploaded_by_id != user.pk:
        return f"Only editors may {action} a picture someone else uploaded."
    shown_in = {}
    for place, holder in image.public_uses():
        shown_in.setdefault(place.label, []).append(holder)
    if shown_in:
        where = "; ".join(f"{label} {_names(holders)}" for label, holders in shown_in.items())
        return f"Only editors may {action} a picture readers see: it is shown in {where}."
    return None


def image_check_permission(*, image: Image, by, action: str) -> None:
    refusal = image_refusal(by, image, action)
    if refusal:
        raise PermissionDenied(refusal)


def image_check_public_rights(*, image: Image, previous: Image) -> None:
    """Refuse a change that would leave a picture readers see unpublishable where it is shown (a credit
    removed, rights ended, an agency that requires a credit), naming the places: unpublish them first."""
    refused = {}
    for place, holder in previous.public_uses():
        if place.publish_time is None:
            continue
        publish_at = place.publish_time(holder)
        problem = publish_problem(image, publish_at, PICTURE)
        if problem and problem != publish_problem(previous, publish_at, PICTURE):
            refused.setdefault((problem, place.label), []).append(holder)
    errors = {}
    for (problem, label), holders in refused.items():
        field = "credit" if image.credit_missing else "rights_expire_at"
        errors.setdefault(field, []).append(f"{problem} It is in {label} {_names(holders)}: unpublish them first.")
    if errors:
        raise ValidationError(errors)


def _check_permission_to_save(image: Image, by) -> Image | None:
    """The image as it is saved (None for a new one), once `by` may add or change it."""
    previous = Image.objects.select_related("agency").filter(pk=image.pk).first() if image.pk else None
    image_check_permission(image=previous or image, by=by, action="add" if previous is None else "change")
    return previous


def image_check_change(*, image: Image, by) -> None:
    """What image_save() refuses about who changes what, asked by forms so that it shows as their errors."""
    previous = _check_permission_to_save(image, by)
    if previous is not None:
        image_check_public_rights(image=image, previous=previous)


@transaction.atomic
def image_save(*, image: Image, by=None) -> Image:
    """Validate and save an image; (re)make its renditions when the picture or its focal point changed.

    A new picture file fills the credit, caption and copyright left blank from its own metadata.
    Whatever fails on the way leaves no file behind."""
    with discard_new_files_on_error():
        return _image_save(image, by)


def _image_save(image: Image, by) -> Image:
    previous = _check_permission_to_save(image, by)
    if previous is None and by is not None and by.is_authenticated:
        image.uploaded_by = by
    if image.file and (previous is None or previous.file.name != image.file.name):
        image_prefill_from_file(image=image)
    if previous is not None:
        # Before the model's own checks, so that the refusal names the articles readers see it in.
        image_check_public_rights(image=image, previous=previous)
    image.full_clean()
    image.save()
    picture_changed = previous is None or (
        previous.file.name != image.file.name or previous.focal_point != image.focal_point
    )
    if picture_changed:
        _store_displayed_size(image)
        rebuild_renditions(image, list(SPECS))
        if previous is not None and previous.file.name != image.file.name:
            old_name, storage = previous.file.name, previous.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return image


@transaction.atomic
def image_delete(*, image: Image, by) -> None:
    """Delete a picture no article uses; its files go once the transaction commits (media.signals)."""
    image_check_permission(image=image, by=by, action="delete")
    try:
        image.delete()
    except ProtectedError as error:
        # A lead image's foreign key names its article; a body's record of the picture names it as `article`.
        holders = {getattr(holder, "article", holder) for holder in error.protected_objects}
        articles = sorted({str(holder) for holder in holders}, key=str.lower)
        raise ValidationError(
            f"“{image}” cannot be deleted: it is used by {_names(articles)}. Take it out of them first.",
            code="in_use",
        ) from error


def image_prefill_from_file(*, image: Image) -> dict:
    """Fill the image's blank credit, caption and copyright from its file's IPTC/XMP/EXIF; returns what was taken."""
    taken = prefill({field: getattr(image, field) for field in PREFILLED_FIELDS}, image.file)
    for field, value in taken.items():
        setattr(image, field, value)
    return taken


def _store_displayed_size(image: Image) -> None:
    """Width and height as readers see the picture: a phone's portrait photo is stored on its side with an
    EXIF orientation, which the renditions apply."""
    image.file.open("rb")
    try:
        with PILImage.open(image.file) as picture:  # reads the header only
            width, height = picture.size
            if picture.getexif().get(ExifTags.Base.Orientation, 1) in {5, 6, 7, 8}:
                width, height = height, width
    finally:
        image.file.close()
    if (width, height) != (image.width, image.height):
        Image.objects.filter(pk=image.pk).update(width=width, height=height)
        image.width, image.height = width, height
