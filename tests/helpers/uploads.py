"""Uploading pictures through the admin."""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from media.models import UsageRights

ADD_URL = reverse("admin:media_image_add")
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


def media_files():
    """Every file under MEDIA_ROOT, as paths relative to it."""
    root = settings.MEDIA_ROOT
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def one_colour_png(width, height, mode="1"):
    """A PNG a few kilobytes long that decodes to width × height pixels: a decompression bomb."""
    out = io.BytesIO()
    PILImage.new(mode, (width, height)).save(out, "PNG", optimize=True)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(file, **overrides):
    data = {
        "file": file,
        "title": "Flood barrier at dawn",
        "alt_text": "Water lapping at a steel flood barrier under an orange sky",
        "caption": "The barrier was raised twice this week.",
        "credit": "Jane Photographer",
        "disclaimer": "",
        "source_url": "",
        "usage_rights": UsageRights.STAFF,
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
        "focal_point_x": "",
        "focal_point_y": "",
    }
    data.update(overrides)
    return data
