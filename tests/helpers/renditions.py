"""Pictures made with Pillow, saved as the admin saves them, and looked at in their renditions."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from media.models import Image, UsageRights
from media.services import image_save

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def encode(picture, fmt="JPEG", **save_kwargs):
    out = io.BytesIO()
    picture.save(out, fmt, **save_kwargs)
    return out.getvalue()


def save_image(data, name="photo.jpg", focal_point=(None, None)):
    """An image saved the way the admin saves one: validated, stored, renditions made."""
    image = Image(
        file=SimpleUploadedFile(name, data),
        title="Test picture",
        alt_text="A test picture",
        credit="Staff photographer",
        usage_rights=UsageRights.STAFF,
        focal_point_x=focal_point[0],
        focal_point_y=focal_point[1],
    )
    return image_save(image=image)


def open_rendition(image, spec):
    rendition = image.renditions.get(spec=spec)
    with PILImage.open(rendition.file.path) as picture:
        picture.load()
        return picture.copy()


def is_close(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def reddish_pixels(picture):
    rgb = picture.convert("RGB")
    colours = rgb.getcolors(maxcolors=rgb.width * rgb.height)
    return sum(count for count, (r, g, b) in colours if r > 200 and g < 80 and b < 80)


def tall_picture_with_red_band_low_down():
    """900×1600, white, with a red block at y 1300–1500: well below the centre."""
    picture = PILImage.new("RGB", (900, 1600), WHITE)
    picture.paste(RED, (300, 1300, 600, 1500))
    return encode(picture, quality=95)
