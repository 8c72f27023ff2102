"""Uploading pictures through the admin: good files are stored with their renditions, bad ones are refused."""

import io
import random

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image as PILImage
from pytest_django.asserts import assertContains

from media.models import Image, Rendition, UsageRights
from media.renditions import SPECS
from tests.factories import image_bytes, image_upload
from tests.helpers.uploads import ADD_URL, NOT_AN_IMAGE, form_data, media_files, one_colour_png, upload

UNREADABLE = "This file is not a readable image, or it is truncated or corrupt."


def noisy_jpeg(width=640, height=360, seed=1):
    """A JPEG of random pixels: it does not compress, so cutting it loses real picture data."""
    noise = random.Random(seed).randbytes(width * height * 3)
    out = io.BytesIO()
    PILImage.frombytes("RGB", (width, height), noise).save(out, "JPEG", quality=90)
    return out.getvalue()


def form_errors(response):
    return response.context["adminform"].form.errors


def test_a_valid_jpeg_is_stored_with_its_size_its_renditions_and_its_uploader(editor_client, editor):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(image_upload("IMG_0001.jpg", width=1200, height=800)))

    assert response.status_code == 302, form_errors(response) if response.context else response
    image = Image.objects.get()
    assert (image.width, image.height) == (1200, 800)
    assert image.uploaded_by == editor
    assert image.title == "Flood barrier at dawn"
    assert image.file.name.endswith(".jpg")
    assert "IMG_0001" not in image.file.name
    assert set(image.renditions.values_list("spec", flat=True)) == set(SPECS)
    w800 = image.renditions.get(spec="w800-jpeg")
    assert (w800.width, w800.height) == (800, 533)
    with PILImage.open(w800.file.path) as picture:
        assert picture.size == (800, 533)
    added = media_files() - before
    assert image.file.name in added
    assert {rendition.file.name for rendition in image.renditions.all()} <= added
    assert len(added) == 1 + len(SPECS)


def test_two_uploads_with_the_same_file_name_do_not_overwrite_each_other(editor_client):
    editor_client.post(ADD_URL, form_data(image_upload("IMG_0001.jpg", color=(255, 0, 0))))
    editor_client.post(ADD_URL, form_data(image_upload("IMG_0001.jpg", color=(0, 0, 255))))

    first, second = Image.objects.order_by("pk")
    assert first.file.name != second.file.name
    with PILImage.open(first.file.path) as red, PILImage.open(second.file.path) as blue:
        assert red.convert("RGB").getpixel((10, 10))[0] > 200
        assert blue.convert("RGB").getpixel((10, 10))[2] > 200


def assert_refused_and_nothing_stored(response, message, before):
    assert response.status_code == 200
    assertContains(response, message)
    assert "file" in form_errors(response)
    assert message in form_errors(response)["file"]
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()
    assert media_files() == before


def test_a_text_file_renamed_jpg_is_refused_and_nothing_is_stored(editor_client):
    before = media_files()
    text = upload("holiday.jpg", b"Dear editor, please find the photo attached.\n" * 50)

    response = editor_client.post(ADD_URL, form_data(text))

    assert_refused_and_nothing_stored(response, NOT_AN_IMAGE, before)


def test_a_truncated_jpeg_is_refused_and_nothing_is_stored(editor_client):
    whole = noisy_jpeg()
    half = whole[: len(whole) // 2]
    # Django's own form check only reads the header, so on its own it lets the cut file through ...
    assert forms.ImageField().clean(upload("cut.jpg", half)).image.size == (640, 360)
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload("cut.jpg", half)))

    # ... media.validators decodes it and refuses it, in its own words.
    assert_refused_and_nothing_stored(response, UNREADABLE, before)


def test_a_decompression_bomb_over_the_site_limit_is_refused_and_nothing_is_stored(editor_client):
    bomb = one_colour_png(8000, 8000)  # 64 million pixels in a few kilobytes
    assert len(bomb) < 20_000
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload("bomb.png", bomb, "image/png")))

    assert settings.IMAGE_MAX_PIXELS == 50_000_000
    message = "This image is 8000×8000 pixels, more than the 50,000,000 pixels accepted."
    assert_refused_and_nothing_stored(response, message, before)


@override_settings(IMAGE_MAX_PIXELS=1_000_000)
def test_the_pixel_limit_is_a_setting(editor_client):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload("big.png", one_colour_png(1001, 1000), "image/png")))

    message = "This image is 1001×1000 pixels, more than the 1,000,000 pixels accepted."
    assert_refused_and_nothing_stored(response, message, before)


@override_settings(IMAGE_MAX_PIXELS=1_000_000)
def test_an_image_exactly_at_the_pixel_limit_is_accepted(editor_client):
    response = editor_client.post(
        ADD_URL, form_data(upload("edge.png", one_colour_png(1000, 1000, "RGB"), "image/png"))
    )

    assert response.status_code == 302
    assert Image.objects.get().width == 1000


# Pillow warns above MAX_IMAGE_PIXELS; the test settings turn that warning into an error everywhere, so let it
# pass as a plain warning, as in production, to reach media.validators.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_over_pillows_warning_limit_is_refused_and_nothing_is_stored(editor_client):
    bomb = one_colour_png(10000, 10000, "L")  # 100 million pixels in about 100 kB
    assert PILImage.MAX_IMAGE_PIXELS < 10000 * 10000 < 2 * PILImage.MAX_IMAGE_PIXELS
    assert len(bomb) < 200_000
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload("bomb.png", bomb, "image/png")))

    assert_refused_and_nothing_stored(response, "This image is too large to process safely.", before)


def test_a_decompression_bomb_over_pillows_own_limit_is_refused_and_nothing_is_stored(editor_client):
    bomb = one_colour_png(15000, 15000)  # 225 million pixels: Pillow refuses to open it at all
    assert 2 * PILImage.MAX_IMAGE_PIXELS < 15000 * 15000
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload("bomb.png", bomb, "image/png")))

    assert_refused_and_nothing_stored(response, NOT_AN_IMAGE, before)


def test_an_svg_is_refused_and_nothing_is_stored(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>'
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload("logo.svg", svg, "image/svg+xml")))

    assert_refused_and_nothing_stored(response, NOT_AN_IMAGE, before)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("scan.bmp", "BMP"), ("scan.tiff", "TIFF"), ("scan.jpg", "BMP"), ("scan.jpg", "TIFF")],
)
def test_a_picture_in_an_unsupported_format_is_refused_and_nothing_is_stored(editor_client, name, fmt):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload(name, image_bytes(200, 100, fmt=fmt), "image/bmp")))

    message = f"{fmt} images are not accepted; upload a JPEG, PNG, GIF or WebP."
    assert_refused_and_nothing_stored(response, message, before)


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", "png"), ("GIF", "gif"), ("WEBP", "webp")])
def test_png_gif_and_webp_are_accepted(editor_client, fmt, suffix):
    response = editor_client.post(ADD_URL, form_data(upload(f"picture.{suffix}", image_bytes(300, 200, fmt=fmt))))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (300, 200)
    assert image.renditions.count() == len(SPECS)


@pytest.mark.parametrize("rights", [UsageRights.AGENCY, UsageRights.LICENSED])
def test_an_agency_or_licensed_picture_needs_a_credit(editor_client, rights):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(image_upload(), usage_rights=rights, credit="  "))

    assert response.status_code == 200
    message = f"A credit is required for {rights.label.lower()} images."
    assert form_errors(response)["credit"] == [message]
    assertContains(response, message)
    assert not Image.objects.exists()
    assert media_files() == before


def test_a_staff_picture_needs_no_credit(editor_client):
    response = editor_client.post(ADD_URL, form_data(image_upload(), usage_rights=UsageRights.STAFF, credit=""))

    assert response.status_code == 302
    assert Image.objects.get().credit == ""


def test_alt_text_is_required(editor_client):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(image_upload(), alt_text=""))

    assert response.status_code == 200
    assert form_errors(response)["alt_text"] == ["This field is required."]
    assert not Image.objects.exists()
    assert media_files() == before


def test_half_a_focal_point_is_refused(editor_client):
    response = editor_client.post(ADD_URL, form_data(image_upload(), focal_point_x="0.3", focal_point_y=""))

    assert response.status_code == 200
    assertContains(response, "Give both coordinates of the focal point, or neither.")
    assert not Image.objects.exists()


def test_a_focal_point_outside_the_picture_is_refused(editor_client):
    response = editor_client.post(ADD_URL, form_data(image_upload(), focal_point_x="1.5", focal_point_y="0.5"))

    assert response.status_code == 200
    assert form_errors(response)["focal_point_x"] == ["Ensure this value is less than or equal to 1."]
    assert not Image.objects.exists()


def test_rights_expiry_is_saved_from_the_date_and_time_boxes(editor_client):
    response = editor_client.post(
        ADD_URL, form_data(image_upload(), rights_expire_at_0="2031-01-31", rights_expire_at_1="18:30:00")
    )

    assert response.status_code == 302
    expires = timezone.localtime(Image.objects.get().rights_expire_at)
    assert (expires.year, expires.month, expires.day, expires.hour, expires.minute) == (2031, 1, 31, 18, 30)


@pytest.mark.django_db
def test_the_model_refuses_a_truncated_file_without_the_admin():
    whole = noisy_jpeg()
    image = Image(
        file=SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg"),
        title="Cut off",
        alt_text="Half a picture",
    )

    with pytest.raises(ValidationError) as refused:
        image.full_clean()

    assert refused.value.message_dict["file"] == [UNREADABLE]


@pytest.mark.django_db
def test_the_model_accepts_the_same_picture_whole():
    image = Image(
        file=SimpleUploadedFile("whole.jpg", noisy_jpeg(), content_type="image/jpeg"),
        title="Whole",
        alt_text="A whole picture",
    )

    image.full_clean()  # does not raise

    assert (image.width, image.height) == (640, 360)
