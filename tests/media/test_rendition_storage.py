"""Renditions in storage: one per image and spec, made once, and their files removed with what they were made of."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from media.models import Image, Rendition
from media.renditions import SPECS, create_rendition, get_rendition, rebuild_renditions
from media.services import image_save
from tests.factories import ImageFactory, image_bytes
from tests.helpers.renditions import (
    RED,
    is_close,
    open_rendition,
    reddish_pixels,
    save_image,
    tall_picture_with_red_band_low_down,
)


def stored_files(image):
    return [Path(image.file.path)] + [Path(r.file.path) for r in image.renditions.all()]


# One rendition per image and spec


@pytest.mark.django_db
def test_get_rendition_makes_a_missing_rendition_once_and_then_reuses_it():
    image = ImageFactory()  # made without renditions
    assert not image.renditions.exists()

    first = get_rendition(image, "w800-jpeg")
    second = get_rendition(Image.objects.get(pk=image.pk), "w800-jpeg")

    assert first.file.name == second.file.name
    assert Rendition.objects.filter(image=image).count() == 1
    assert [p.name for p in (settings.MEDIA_ROOT / f"renditions/{image.pk}").iterdir()] == [Path(first.file.name).name]


@pytest.mark.django_db
def test_get_rendition_reads_the_images_own_list_of_renditions_without_a_query(django_assert_num_queries):
    image = Image.objects.get(pk=save_image(image_bytes()).pk)

    with django_assert_num_queries(0):
        rendition = get_rendition(image, "thumbnail-webp")

    stored = Rendition.objects.get(image=image, spec="thumbnail-webp")
    assert (rendition.url, rendition.width, rendition.height) == (stored.url, stored.width, stored.height)


@pytest.mark.django_db
def test_an_image_saved_from_an_old_form_keeps_the_renditions_made_since():
    image = save_image(image_bytes())
    opened_earlier = Image.objects.get(pk=image.pk)
    rebuild_renditions(image)
    opened_earlier.caption = "A new caption"
    opened_earlier.save()

    current = {r.spec: r.file.name for r in Rendition.objects.filter(image=image)}
    assert {spec: made[0] for spec, made in Image.objects.get(pk=image.pk).rendition_files.items()} == current


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
