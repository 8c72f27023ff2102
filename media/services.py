"""Write paths for images, shared by the admin and the management commands."""

from django.db import transaction
from PIL import ExifTags
from PIL import Image as PILImage

from media.files import discard_new_files_on_error
from media.metadata import PREFILLED_FIELDS, prefill
from media.models import Image
from media.renditions import SPECS, rebuild_renditions


@transaction.atomic
def image_save(*, image: Image, by=None) -> Image:
    """Validate and save an image; (re)make its renditions when the picture or its focal point changed.

    A new picture file fills the credit, caption and copyright left blank from its own metadata.
    Whatever fails on the way leaves no file behind."""
    with discard_new_files_on_error():
        return _image_save(image, by)


def _image_save(image: Image, by) -> Image:
    previous = Image.objects.filter(pk=image.pk).first() if image.pk else None
    if previous is None and by is not None and by.is_authenticated:
        image.uploaded_by = by
    if image.file and (previous is None or previous.file.name != image.file.name):
        image_prefill_from_file(image=image)
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
