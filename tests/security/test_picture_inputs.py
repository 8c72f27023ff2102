"""Picture inputs that used to end in a 500: a form error or a warning, and nothing left behind.

A strip of 1×20,000 pixels cannot be made into renditions; a body whose picture id has 20 digits names no
picture the database could hold.
"""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Status
from media.models import Image
from media.services import image_save
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, image_bytes, image_upload
from tests.helpers.admin_forms import change_form_data
from tests.helpers.uploads import ADD_URL, form_data, media_files, one_colour_png, upload
from tests.transfer.conftest import run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
STRIPS = [(1, 20_000), (20_000, 1)]
TWENTY_DIGITS = "12345678901234567890"


@pytest.mark.parametrize(("width", "height"), STRIPS, ids=["1x20000", "20000x1"])
def test_a_strip_of_a_picture_is_a_form_error_and_nothing_is_stored(editor_client, width, height):
    response = editor_client.post(ADD_URL, form_data(upload("strip.png", one_colour_png(width, height), "image/png")))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        f"This image is {width:,}×{height:,} pixels: one side may be at most 10 times the other. "
        "Crop it and upload it again."
    ]
    assert not Image.objects.exists() and media_files() == set()


@pytest.mark.parametrize(("width", "height"), STRIPS, ids=["1x20000", "20000x1"])
def test_a_strip_given_to_the_service_is_refused_and_nothing_is_stored(editor, width, height):
    image = Image(file=SimpleUploadedFile("strip.png", one_colour_png(width, height)), title="Strip", alt_text="A line")

    with pytest.raises(ValidationError, match="one side may be at most 10 times the other"):
        image_save(image=image, by=editor)

    assert not Image.objects.exists() and media_files() == set()


def test_an_import_of_a_strip_reports_it_and_stores_nothing(tmp_path, media_root):
    SectionFactory(slug="world", name="World")
    (tmp_path / "strip.png").write_bytes(one_colour_png(20_000, 1))
    item = {
        "import_ref": "wire:strip",
        "headline": "A thin picture",
        "section": "world",
        "lead_image": {"import_ref": "wire:strip:photo", "file": "strip.png", "title": "Strip", "credit": "AFP"},
    }
    (tmp_path / "wire.jsonl").write_text(json.dumps(item) + "\n")

    result = run("import_articles", tmp_path / "wire.jsonl")

    assert not result.ok
    assert "strip.png: This image is 20,000×1 pixels: one side may be at most 10 times the other." in result.output
    assert not Image.objects.exists() and not Article.objects.exists() and media_files() == set()


def test_an_upload_whose_renditions_cannot_be_stored_leaves_no_original_behind(editor, media_root):
    """Every upload path goes through image_save(), which discards the files of a save that fails."""
    (media_root / "renditions").write_text("a file where the renditions' folder should be")
    image = Image(file=image_upload(width=64, height=36), title="Harbour", alt_text="Boats")

    with pytest.raises(OSError):
        image_save(image=image, by=editor)

    assert media_files() == {"renditions"}


def test_a_replaced_picture_whose_renditions_cannot_be_stored_keeps_the_old_file_and_leaves_no_new_one(
    editor, media_root
):
    image = ImageFactory(file=image_upload(width=64, height=36))  # no renditions yet
    before = media_files()
    (media_root / "renditions").write_text("a file where the renditions' folder should be")
    image.file = SimpleUploadedFile("new.jpg", image_bytes(80, 45))

    with pytest.raises(OSError):
        image_save(image=image, by=editor)

    assert media_files() == before | {"renditions"}
    assert Image.objects.get(pk=image.pk).file.name in before


def test_the_admin_refuses_a_body_picture_whose_id_has_20_digits(editor_client):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)
    body = f'<p>Text.</p><figure><img src="/x.jpg" alt="Boats" data-file="{TWENTY_DIGITS}"></figure>'

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, body=body)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "Pictures in the body come from the image library: choose one with “Browse…” in the figure dialog "
        "(upload it under Images first). Remove or replace the picture at /x.jpg."
    ]


def test_an_article_saved_with_a_20_digit_picture_id_keeps_its_text_and_no_picture():
    article = ArticleFactory(body=f'<p>Text.</p><figure><img alt="Boats" data-file="{TWENTY_DIGITS}"></figure>')

    assert "data-file" not in article.body and not article.body_image_uses.exists()


def test_an_import_whose_body_names_a_20_digit_picture_imports_the_text(tmp_path):
    SectionFactory(slug="world", name="World")
    item = {
        "import_ref": "wire:1",
        "headline": "Harbour reopens",
        "section": "world",
        "body": f'<p>Text.</p><figure><img alt="Boats" data-file="{TWENTY_DIGITS}"><figcaption>Boats.</figcaption>'
        "</figure>",
    }
    (tmp_path / "wire.jsonl").write_text(json.dumps(item) + "\n")

    call_command("import_articles", str(tmp_path / "wire.jsonl"), stdout=StringIO(), stderr=StringIO())

    assert Article.objects.get(import_ref="wire:1").body == "<p>Text.</p>"


@pytest.mark.parametrize("digits", [TWENTY_DIGITS, "9" * 5000], ids=["20-digits", "5000-digits"])
def test_the_reader_page_of_a_body_stored_with_an_impossible_picture_id_shows_the_rest(client, digits):
    """A body written before ids were checked (or straight into the database) is still read safely."""
    harbour = ImageFactory(file=image_upload(width=64, height=36), title="Harbour at dawn")
    article = ArticleFactory(headline="Harbour reopens")
    body = (
        f'<p>Before.</p><figure><img alt="Boats" data-file="{digits}"></figure>'
        f'<figure><img alt="Harbour" data-file="{harbour.pk}"></figure><p>After.</p>'
    )
    Article.objects.filter(pk=article.pk).update(body=body)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Before." in page and "After." in page and 'alt="Harbour"' in page
    assert digits not in page
