"""Rendition specs and the Pillow code that makes them.

Every public picture is a rendition, never the original upload: renditions have
the EXIF orientation applied and carry no metadata (GPS, camera serials, ...).
"""

import io
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageOps

from common.dependencies import image_keys, shown
from media.models import Image, Rendition


@dataclass(frozen=True)
class Spec:
    width: int
    height: int | None  # None keeps the aspect ratio; otherwise the picture is cropped to fit.
    format: str  # "jpeg" or "webp"

    @property
    def extension(self):
        return "jpg" if self.format == "jpeg" else self.format


SIZES = {
    "thumbnail": (400, 225),
    "w800": (800, None),
    "w1600": (1600, None),
    "social": (1200, 630),
}
# What the article editor shows of a library picture in a body (readers get the full responsive set).
EDITOR_SPEC = "w800-jpeg"
SPECS = {f"{name}-{fmt}": Spec(w, h, fmt) for name, (w, h) in SIZES.items() for fmt in ("jpeg", "webp")}


def crop_box(size, target_ratio, focal_point):
    """The largest box of `target_ratio` inside `size`, centred on the focal point as far as the edges allow."""
    width, height = size
    fx, fy = focal_point or (0.5, 0.5)
    if width / height > target_ratio:
        box_w, box_h = round(height * target_ratio), height
    else:
        box_w, box_h = width, round(width / target_ratio)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def render(source, spec, focal_point=None):
    """Return (bytes, width, height) of `source` (a file object) rendered for `spec`."""
    with PILImage.open(source) as original:
        picture = ImageOps.exif_transpose(original)
        if spec.height is not None:
            picture = picture.crop(crop_box(picture.size, spec.width / spec.height, focal_point))
            target = (spec.width, spec.height)
        else:
            target = (spec.width, round(picture.height * spec.width / picture.width))
        if picture.width > target[0]:  # never upscale
            picture = picture.resize(target, PILImage.Resampling.LANCZOS)
        if spec.format == "jpeg":
            picture = _flatten(picture)
        elif picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info else "RGB")
        out = io.BytesIO()
        # Saving without exif=/xmp= writes no metadata: no GPS, no camera details.
        if spec.format == "jpeg":
            picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        else:
            picture.save(out, "WEBP", quality=80, method=4)
        return out.getvalue(), picture.width, picture.height


def _flatten(picture):
    if picture.mode in ("RGBA", "LA", "P") and ("A" in picture.getbands() or "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = PILImage.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def get_rendition(image, spec_name):
    """The rendition of `image` for `spec_name`, made now if it does not exist yet.

    Read from the image's rendition_files, else from renditions prefetched on it, without a query.
    """
    shown(*image_keys(image))
    made = image.rendition_files.get(spec_name)
    if made:
        name, width, height = made
        return Rendition(image=image, spec=spec_name, file=name, width=width, height=height)
    prefetched = getattr(image, "_prefetched_objects_cache", {}).get("renditions")
    if prefetched is not None:
        for rendition in prefetched:
            if rendition.spec == spec_name:
                return rendition
    else:
        existing = image.renditions.filter(spec=spec_name).first()
        if existing:
            record_renditions(image)
            return existing
    return create_rendition(image, spec_name)


def record_renditions(image):
    """Write down in image.rendition_files the renditions it has, as the rows have them."""
    image.rendition_files = {
        spec: [name, width, height]
        for spec, name, width, height in Rendition.objects.filter(image=image)
        .order_by("spec")
        .values_list("spec", "file", "width", "height")
    }
    Image.objects.filter(pk=image.pk).update(rendition_files=image.rendition_files)


def create_rendition(image, spec_name, original=None, *, record=True):
    """Make `image`'s rendition for `spec_name`, from `original` (its file, open) when given.

    `record=False` leaves rendition_files to the caller, who makes several."""
    if original is None:
        with image.file.open("rb") as opened:
            return create_rendition(image, spec_name, opened, record=record)
    spec = SPECS[spec_name]
    data, width, height = render(original, spec, image.focal_point)
    rendition = Rendition(image=image, spec=spec_name, width=width, height=height)
    # A new name for every rendering, so a moved focal point is never hidden by a cached old file.
    name = f"{spec_name}-{uuid.uuid4().hex[:8]}.{spec.extension}"
    rendition.file.save(name, ContentFile(data, name=name), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        rendition.file.delete(save=False)
        winner = Rendition.objects.filter(image=image, spec=spec_name).first()
        if winner is None:
            raise  # not a race for the same rendition: a real integrity error
        # Another request made the same rendition first: keep theirs.
        rendition = winner
    if record:
        record_renditions(image)
    return rendition


def rebuild_renditions(image, spec_names=None):
    """Delete and re-make an image's renditions (after an upload replaced or a focal point moved)."""
    # The old files go when the transaction commits (media.signals), so a rollback loses nothing.
    image.renditions.all().delete()
    image.rendition_files = {}
    if hasattr(image, "_prefetched_objects_cache"):
        image._prefetched_objects_cache.pop("renditions", None)
    # Opened once for all of them: from object storage, every opening is a download of the whole original.
    with image.file.open("rb") as original:
        renditions = [create_rendition(image, name, original, record=False) for name in (spec_names or SPECS)]
    record_renditions(image)
    return renditions
