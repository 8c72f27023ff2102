"""Renditions: the resized copies readers actually see."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image as PILImage

from media.models import Image, Rendition, UsageRights
from media.renditions import SPECS, create_rendition, crop_box, get_rendition
from media.services import image_save
from tests.factories import ImageFactory, image_bytes

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


def stored_files(image):
    return [Path(image.file.path)] + [Path(r.file.path) for r in image.renditions.all()]


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


# One rendition per image and spec


@pytest.mark.django_db
def test_get_rendition_makes_a_missing_rendition_once_and_then_reuses_it():
    image = ImageFactory()  # made without renditions
    assert not image.renditions.exists()

    first = get_rendition(image, "w800-jpeg")
    second = get_rendition(Image.objects.get(pk=image.pk), "w800-jpeg")

    assert first.pk == second.pk
    assert first.file.name == second.file.name
    assert Rendition.objects.filter(image=image).count() == 1
    assert [p.name for p in (settings.MEDIA_ROOT / f"renditions/{image.pk}").iterdir()] == [Path(first.file.name).name]


@pytest.mark.django_db
def test_get_rendition_uses_prefetched_renditions_without_a_query(django_assert_num_queries):
    image = save_image(image_bytes())
    image = Image.objects.prefetch_related("renditions").get(pk=image.pk)

    with django_assert_num_queries(0):
        rendition = get_rendition(image, "thumbnail-webp")

    assert rendition == Rendition.objects.get(image=image, spec="thumbnail-webp")


@pytest.mark.django_db
def test_the_database_refuses_a_second_rendition_for_the_same_spec():
    image = save_image(image_bytes())
    existing = image.renditions.get(spec="w800-jpeg")

    with pytest.raises(IntegrityError), transaction.atomic():
        Rendition.objects.create(
            image=image, spec="w800-jpeg", file=existing.file.name, width=existing.width, height=existing.height
        )

    assert image.renditions.filter(spec="w800-jpeg").count() == 1


@pytest.mark.django_db
def test_when_two_requests_make_the_same_rendition_the_loser_keeps_the_winners_row_and_leaves_no_file():
    image = ImageFactory()
    winner = get_rendition(image, "thumbnail-jpeg")
    folder = settings.MEDIA_ROOT / f"renditions/{image.pk}"
    files_before = sorted(p.name for p in folder.iterdir())

    loser = create_rendition(image, "thumbnail-jpeg")  # as if it had missed the winner's row

    assert loser.pk == winner.pk
    assert loser.file.name == winner.file.name
    assert sorted(p.name for p in folder.iterdir()) == files_before == [Path(winner.file.name).name]


# Storage housekeeping


@pytest.mark.django_db
def test_deleting_an_image_in_the_admin_removes_its_file_and_its_renditions_files(
    editor_client, django_capture_on_commit_callbacks
):
    image = save_image(image_bytes(1000, 600))
    files = stored_files(image)
    assert len(files) == 1 + len(SPECS)
    assert all(path.exists() for path in files)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert not Rendition.objects.filter(image_id=image.pk).exists()
    assert [path for path in files if path.exists()] == []


@pytest.mark.django_db
def test_files_stay_until_the_delete_is_committed(django_capture_on_commit_callbacks):
    image = save_image(image_bytes())
    files = stored_files(image)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.delete()

    assert all(path.exists() for path in files)  # a rolled-back delete would lose nothing
    for callback in callbacks:
        callback()
    assert not any(path.exists() for path in files)  # the commit removes every file


@pytest.mark.django_db
def test_moving_the_focal_point_rebuilds_the_renditions(django_capture_on_commit_callbacks):
    image = save_image(tall_picture_with_red_band_low_down())
    assert reddish_pixels(open_rendition(image, "thumbnail-jpeg")) == 0

    image.focal_point_x, image.focal_point_y = 0.5, 1400 / 1600
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    thumbnail = open_rendition(image, "thumbnail-jpeg").convert("RGB")
    assert is_close(thumbnail.getpixel((200, 135)), RED)
    assert image.renditions.count() == len(SPECS)
    assert all(path.exists() for path in stored_files(image))  # nothing new deleted on commit


@pytest.mark.django_db
def test_saving_without_changing_the_picture_or_focal_point_keeps_the_renditions():
    """Also: the same Image object can be saved again after its renditions were made (its file was closed)."""
    image = save_image(image_bytes())
    before = set(image.renditions.values_list("pk", flat=True))

    image.caption = "A new caption"
    image_save(image=image)

    assert set(image.renditions.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_replacing_the_picture_rebuilds_renditions_and_removes_the_old_file(django_capture_on_commit_callbacks):
    image = save_image(image_bytes(1000, 600))
    old_file = Path(image.file.path)

    image.file = SimpleUploadedFile("new.jpg", image_bytes(1200, 1200, color=RED))
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    image.refresh_from_db()
    assert (image.width, image.height) == (1200, 1200)
    assert not old_file.exists()
    assert Path(image.file.path).exists()
    w800 = image.renditions.get(spec="w800-jpeg")
    assert (w800.width, w800.height) == (800, 800)
    assert is_close(open_rendition(image, "w800-jpeg").convert("RGB").getpixel((400, 400)), RED)
    assert all(path.exists() for path in stored_files(image))
