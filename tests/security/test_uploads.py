"""Hostile uploads through the admin: a form error and nothing stored, or a safe stored image.

The cases tests/media/test_uploads.py already covers (text renamed .jpg, truncated JPEG, bombs,
SVG, BMP and TIFF) are not repeated here.
"""

import io

import pytest
from django.conf import settings
from PIL import Image as PILImage

from media.models import Image
from media.renditions import SPECS
from tests.factories import image_bytes
from tests.helpers.uploads import ADD_URL, NOT_AN_IMAGE, form_data, media_files, upload

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
MINIMAL_EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"  # noqa: E501
)


pytestmark = pytest.mark.usefixtures("media_root")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.jpg", MINIMAL_PDF, NOT_AN_IMAGE),
        # Pillow knows EPS, and is stopped before it would hand the file to Ghostscript.
        ("poster.jpg", MINIMAL_EPS, "EPS images are not accepted; upload a JPEG, PNG, GIF or WebP."),
        ("empty.jpg", b"", "The submitted file is empty."),
    ],
    ids=["pdf", "eps", "empty"],
)
def test_a_document_or_an_empty_file_named_jpg_is_refused(editor_client, name, data, message):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload(name, data)))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [message]
    assert not Image.objects.exists() and media_files() == before


def test_an_oversized_file_is_refused(editor_client, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 50_000
    before = media_files()
    big = image_bytes(1600, 1200, fmt="PNG", color=(10, 20, 30))
    big += b"\0" * (60_000 - len(big)) if len(big) < 60_000 else b""

    response = editor_client.post(ADD_URL, form_data(upload("big.png", big, "image/png")))

    assert response.status_code == 200
    assert not Image.objects.exists() and media_files() == before
    assert response.context["adminform"].form.errors["file"]


def stored(editor_client, name, data, content_type="image/jpeg"):
    response = editor_client.post(ADD_URL, form_data(upload(name, data, content_type)))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return Image.objects.get()


@pytest.mark.parametrize("name", ["x.php", "photo.html", "shell.svg"])
def test_a_picture_with_a_dangerous_name_is_refused_with_a_clear_error(editor_client, name):
    before = media_files()

    response = editor_client.post(ADD_URL, form_data(upload(name, image_bytes())))

    assert response.status_code == 200
    assert "is not allowed" in response.context["adminform"].form.errors["file"][0]
    assert not Image.objects.exists() and media_files() == before


@pytest.mark.parametrize("name", ["x.php.jpg", "report.pdf", "../../evil.jpg", "a\0b.jpg", "photo.JPG"])
def test_the_stored_name_is_random_and_its_suffix_says_what_the_file_is(editor_client, name):
    image = stored(editor_client, name, image_bytes())

    stored_name = image.file.name.rsplit("/", 1)[-1]
    assert stored_name.endswith(".jpg")
    assert "php" not in stored_name and "html" not in stored_name and "evil" not in stored_name
    assert len(stored_name) == 32 + len(".jpg")
    assert (settings.MEDIA_ROOT / image.file.name).is_file()


def test_a_png_with_html_appended_is_stored_but_readers_get_a_clean_re_encoding(editor_client):
    html = b"<html><script>alert(document.cookie)</script></html>"
    image = stored(editor_client, "mixed.png", image_bytes(fmt="PNG") + html, "image/png")

    assert image.file.name.endswith(".png")
    assert set(image.renditions.values_list("spec", flat=True)) == set(SPECS)
    for rendition in image.renditions.all():
        data = (settings.MEDIA_ROOT / rendition.file.name).read_bytes()
        assert b"<script" not in data
        with PILImage.open(io.BytesIO(data)) as picture:
            assert picture.format in {"JPEG", "WEBP"}


def test_renditions_exist_only_for_the_named_specs(editor_client, client):
    image = stored(editor_client, "photo.jpg", image_bytes())
    folder = settings.MEDIA_ROOT / "renditions" / str(image.pk)

    assert sorted(p.name.split("-")[0] + "-" + p.name.split("-")[1] for p in folder.iterdir()) == sorted(SPECS)
    # No address makes a rendition of another size on request.
    assert client.get(f"/uploads/renditions/{image.pk}/w9999-jpeg.jpg").status_code == 404
