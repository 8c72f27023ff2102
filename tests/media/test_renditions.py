"""Renditions: the resized copies readers actually see, upright, cropped around the focal point, never enlarged."""

import io
from pathlib import Path

import pytest
from django.template import Context, Template
from PIL import Image as PILImage

from media.renditions import SPECS, crop_box
from tests.factories import ImageFactory, image_bytes, image_upload
from tests.helpers.renditions import (
    BLUE,
    RED,
    WHITE,
    encode,
    is_close,
    open_rendition,
    reddish_pixels,
    save_image,
    tall_picture_with_red_band_low_down,
)

# EXIF orientation and metadata


@pytest.mark.django_db
def test_a_phone_photo_taken_upright_is_shown_upright():
    # Stored sideways (400×200, red on the left) with EXIF "rotate 90° clockwise to view", as phones do.
    picture = PILImage.new("RGB", (400, 200), BLUE)
    picture.paste(RED, (0, 0, 200, 200))
    exif = PILImage.Exif()
    exif[0x0112] = 6
    image = save_image(encode(picture, exif=exif.tobytes(), quality=95))

    for spec in ("w800-jpeg", "w800-webp"):
        rendition = image.renditions.get(spec=spec)
        assert (rendition.width, rendition.height) == (200, 400)
        shown = open_rendition(image, spec).convert("RGB")
        assert shown.size == (200, 400)
        assert is_close(shown.getpixel((100, 50)), RED)  # what was the left edge is now the top
        assert is_close(shown.getpixel((100, 350)), BLUE)
    assert (image.width, image.height) == (200, 400)  # the size editors see in the admin is the upright one
    image.refresh_from_db()
    assert (image.width, image.height) == (200, 400)


@pytest.mark.django_db
def test_renditions_carry_no_gps_camera_or_xmp_metadata():
    exif = PILImage.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 5D Mark IV"  # Model
    exif[0xA431] = "012345678901"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 26.0), "W", (0.0, 7.0, 39.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    data = image_bytes(1000, 600, exif=exif.tobytes(), xmp=xmp)
    with PILImage.open(io.BytesIO(data)) as original:  # the upload really does carry it all
        assert original.getexif()[0x010F] == "Canon"
        assert original.getexif().get_ifd(0x8825)[1] == "N"
        assert "xmp" in original.info

    image = save_image(data)

    assert image.renditions.count() == len(SPECS)
    for rendition in image.renditions.all():
        with PILImage.open(rendition.file.path) as picture:
            assert dict(picture.getexif()) == {}, rendition.spec
            assert "exif" not in picture.info, rendition.spec
            assert "xmp" not in picture.info, rendition.spec
            assert b"Canon" not in Path(rendition.file.path).read_bytes(), rendition.spec


# Cropping and the focal point


@pytest.mark.django_db
def test_the_thumbnail_crop_keeps_the_focal_point_in_frame():
    image = save_image(tall_picture_with_red_band_low_down(), focal_point=(0.5, 1400 / 1600))

    thumbnail = open_rendition(image, "thumbnail-jpeg").convert("RGB")

    assert thumbnail.size == (400, 225)
    assert is_close(thumbnail.getpixel((200, 135)), RED)
    assert is_close(thumbnail.getpixel((20, 135)), WHITE)


@pytest.mark.django_db
def test_without_a_focal_point_the_thumbnail_is_cut_from_the_centre():
    image = save_image(tall_picture_with_red_band_low_down())

    thumbnail = open_rendition(image, "thumbnail-jpeg").convert("RGB")

    assert thumbnail.size == (400, 225)
    assert is_close(thumbnail.getpixel((200, 112)), WHITE)
    assert reddish_pixels(thumbnail) == 0


@pytest.mark.django_db
def test_the_social_crop_of_a_wide_panorama_follows_the_focal_point_sideways():
    picture = PILImage.new("RGB", (3000, 600), WHITE)
    picture.paste(RED, (2700, 200, 2900, 400))  # near the right edge
    data = encode(picture, quality=95)

    with_focus = save_image(data, focal_point=(2800 / 3000, 0.5))
    without_focus = save_image(data)

    focused = open_rendition(with_focus, "social-jpeg").convert("RGB")
    centred = open_rendition(without_focus, "social-jpeg").convert("RGB")
    assert focused.size == centred.size == (1143, 600)  # never upscaled to 1200×630, ratio kept
    assert reddish_pixels(focused) > 10_000
    assert reddish_pixels(centred) == 0


def test_crop_box_of_a_picture_already_in_the_target_ratio_is_the_whole_picture():
    assert crop_box((1600, 900), 16 / 9, None) == (0, 0, 1600, 900)
    assert crop_box((1600, 900), 16 / 9, (0, 0)) == (0, 0, 1600, 900)
    assert crop_box((1600, 900), 16 / 9, (1, 1)) == (0, 0, 1600, 900)


@pytest.mark.parametrize(
    ("focal_point", "box"),
    [
        (None, (0, 547, 900, 1053)),
        ((0.5, 0.5), (0, 547, 900, 1053)),
        ((0.5, 0.0), (0, 0, 900, 506)),  # at the top edge: the box stops at the edge
        ((0.5, 0.1), (0, 0, 900, 506)),
        ((0.5, 1.0), (0, 1094, 900, 1600)),  # at the bottom edge
        ((0.0, 0.25), (0, 147, 900, 653)),  # x does not matter: the box is the full width
        ((1.0, 0.25), (0, 147, 900, 653)),
    ],
)
def test_crop_box_of_a_tall_picture_is_a_full_width_band_around_the_focal_point(focal_point, box):
    assert crop_box((900, 1600), 16 / 9, focal_point) == box


@pytest.mark.parametrize(
    ("focal_point", "box"),
    [
        (None, (750, 0, 1250, 500)),
        ((0.0, 0.5), (0, 0, 500, 500)),  # left edge
        ((1.0, 0.5), (1500, 0, 2000, 500)),  # right edge
        ((0.9, 0.0), (1500, 0, 2000, 500)),
        ((0.3, 1.0), (350, 0, 850, 500)),
    ],
)
def test_crop_box_of_a_wide_picture_is_a_full_height_block_around_the_focal_point(focal_point, box):
    assert crop_box((2000, 500), 1.0, focal_point) == box


@pytest.mark.parametrize("size", [(1, 1), (1, 1000), (1000, 1), (3, 2), (901, 1601), (4000, 3000), (631, 1200)])
@pytest.mark.parametrize("focal_point", [None, (0, 0), (1, 1), (0, 1), (1, 0), (0.333, 0.777)])
@pytest.mark.parametrize("spec", ["thumbnail-jpeg", "social-jpeg"])
def test_crop_box_is_never_empty_and_never_outside_the_picture(size, focal_point, spec):
    ratio = SPECS[spec].width / SPECS[spec].height
    left, top, right, bottom = crop_box(size, ratio, focal_point)

    assert 0 <= left < right <= size[0]
    assert 0 <= top < bottom <= size[1]
    assert right - left == size[0] or bottom - top == size[1]  # as large as the picture allows


# Sizes


@pytest.mark.django_db
def test_a_small_picture_is_never_upscaled():
    image = save_image(image_bytes(500, 300))

    for spec in ("w800-jpeg", "w800-webp", "w1600-jpeg", "w1600-webp"):
        rendition = image.renditions.get(spec=spec)
        assert (rendition.width, rendition.height) == (500, 300)
        assert open_rendition(image, spec).size == (500, 300)


@pytest.mark.django_db
def test_a_small_picture_is_cropped_to_the_thumbnail_shape_but_not_enlarged():
    image = save_image(image_bytes(300, 300))

    assert open_rendition(image, "thumbnail-jpeg").size == (300, 169)


@pytest.mark.django_db
def test_a_large_picture_is_scaled_down_to_each_spec_keeping_its_shape():
    image = save_image(image_bytes(2400, 1600))

    sizes = {r.spec: (r.width, r.height) for r in image.renditions.all()}
    assert sizes == {
        "thumbnail-jpeg": (400, 225),
        "thumbnail-webp": (400, 225),
        "w800-jpeg": (800, 533),
        "w800-webp": (800, 533),
        "w1600-jpeg": (1600, 1067),
        "w1600-webp": (1600, 1067),
        "social-jpeg": (1200, 630),
        "social-webp": (1200, 630),
    }
    for rendition in image.renditions.all():
        with PILImage.open(rendition.file.path) as picture:
            assert picture.size == sizes[rendition.spec]
            assert picture.format == SPECS[rendition.spec].format.upper()
            assert rendition.file.name.startswith(f"renditions/{image.pk}/{rendition.spec}-")
            assert rendition.file.name.endswith(f".{SPECS[rendition.spec].extension}")


# Transparency


def half_transparent(mode):
    """400×200: the left half fully transparent, the right half opaque and dark."""
    if mode == "RGBA":
        picture = PILImage.new("RGBA", (400, 200), (0, 0, 0, 0))
        picture.paste((0, 0, 255, 255), (200, 0, 400, 200))
        return encode(picture, "PNG")
    if mode == "LA":
        picture = PILImage.new("LA", (400, 200), (0, 0))
        picture.paste((40, 255), (200, 0, 400, 200))
        return encode(picture, "PNG")
    picture = PILImage.new("P", (400, 200), 0)
    picture.putpalette([0, 0, 0, 0, 0, 255])
    picture.paste(1, (200, 0, 400, 200))
    return encode(picture, "PNG", transparency=0)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_a_transparent_png_is_flattened_on_white_in_jpeg_renditions(mode):
    image = save_image(half_transparent(mode), name="logo.png")

    for spec in ("w800-jpeg", "thumbnail-jpeg"):
        picture = open_rendition(image, spec).convert("RGB")
        width, height = picture.size
        assert is_close(picture.getpixel((width // 8, height // 2)), WHITE, tolerance=10), spec
        assert max(picture.getpixel((width * 7 // 8, height // 2))[:2]) < 60, spec  # not washed out


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_a_transparent_png_stays_transparent_in_webp_renditions(mode):
    image = save_image(half_transparent(mode), name="logo.png")

    picture = open_rendition(image, "w800-webp").convert("RGBA")
    assert picture.getpixel((50, 100))[3] == 0
    assert picture.getpixel((350, 100))[3] == 255


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_a_small_picture_names_its_one_width_once_in_the_srcset():
    """Renditions are not enlarged: a picture 640 pixels wide is 640 at "800" and "1600", and a srcset naming 640w
    twice is invalid HTML (old WordPress uploads are often this small)."""
    small = ImageFactory(file=image_upload(width=640, height=400))
    large = ImageFactory(file=image_upload(width=2000, height=1250))
    template = Template("{% load media_tags %}{% picture image %}")

    small_html = template.render(Context({"image": small}))
    large_html = template.render(Context({"image": large}))

    assert small_html.count(" 640w") == 2  # once in the WebP source, once in the JPEG
    assert large_html.count(" 800w") == 2 and large_html.count(" 1600w") == 2
