"""Upload checks that look at the file's content, not its name.

Pillow reads only the header to learn the format and size, so a bomb (a small
file that decodes to billions of pixels) is refused before it is decoded; the
full decode then catches truncated and corrupt files. The error codes differ
from the form field's own ("invalid_image"), so that these messages are shown.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

FORMAT_SUFFIXES = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}  # what stored files are named
ALLOWED_FORMATS = set(FORMAT_SUFFIXES)
# Every rendition must be drawable: a 20,000×1 strip resizes to 0 pixels high, and a 1×20,000 one exceeds
# WebP's 16,383 pixels. With sides at most 10:1 apart, a rendition (at most 1,600 pixels wide) is at most
# 16,000 pixels high, and one 800 pixels wide at least 80 high.
MAX_ASPECT_RATIO = 10


def validate_image_upload(file):
    if getattr(file, "_committed", False):
        return  # already in storage: it was checked when it was uploaded
    if file.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        limit = settings.IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(f"This file is larger than {limit} MB.", code="too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as picture:
                if picture.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"{picture.format} images are not accepted; upload a JPEG, PNG, GIF or WebP.",
                        code="format",
                    )
                width, height = picture.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"This image is {width}×{height} pixels, more than the "
                        f"{settings.IMAGE_MAX_PIXELS:,} pixels accepted.",
                        code="too_many_pixels",
                    )
                if max(width, height) > MAX_ASPECT_RATIO * max(min(width, height), 1):
                    raise ValidationError(
                        f"This image is {width:,}×{height:,} pixels: one side may be at most "
                        f"{MAX_ASPECT_RATIO} times the other. Crop it and upload it again.",
                        code="aspect_ratio",
                    )
                picture.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError("This image is too large to process safely.", code="too_many_pixels") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        message = "This file is not a readable image, or it is truncated or corrupt."
        raise ValidationError(message, code="unreadable_image") from error
    finally:
        file.seek(position)
