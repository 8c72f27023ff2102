"""The image pages of the admin, as editors and reporters see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from media.models import Image, Rendition, UsageRights
from media.renditions import SPECS
from media.services import image_save
from tests.factories import ImageFactory, image_bytes

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:media_image_changelist")
ADD_URL = reverse("admin:media_image_add")


def save_image(title="Harbour at night", width=640, height=360, alt_text="Boats moored in a dark harbour"):
    """An image saved the way the admin saves one, renditions included."""
    image = Image(
        file=SimpleUploadedFile("harbour.jpg", image_bytes(width, height)),
        title=title,
        alt_text=alt_text,
        credit="AP",
        usage_rights=UsageRights.AGENCY,
    )
    return image_save(image=image)


@pytest.fixture(params=["editor_client", "reporter_client"])
def staff_client(request):
    return request.getfixturevalue(request.param)


def test_the_image_list_opens_for_editors_and_reporters(staff_client):
    save_image()

    response = staff_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assertContains(response, "Harbour at night")
    assertContains(response, "640×360")


def test_the_upload_form_opens_for_editors_and_reporters(staff_client):
    response = staff_client.get(ADD_URL)

    assert response.status_code == 200
    assertContains(response, 'type="file" name="file" accept="image/*"')
    assertContains(response, 'name="alt_text"')
    assertContains(response, 'name="rights_expire_at_0"')


def test_a_reporter_can_upload_an_image_and_is_recorded_as_its_uploader(reporter_client, reporter):
    data = {
        "file": SimpleUploadedFile("street.jpg", image_bytes(800, 600), content_type="image/jpeg"),
        "title": "Street market",
        "alt_text": "Stalls of fruit under awnings",
        "usage_rights": UsageRights.STAFF,
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
    }

    response = reporter_client.post(ADD_URL, data)

    assert response.status_code == 302
    assert Image.objects.get().uploaded_by == reporter


def test_a_reporter_cannot_delete_an_image(reporter_client):
    image = save_image()

    response = reporter_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_image_list_shows_a_thumbnail_of_each_image(editor_client):
    image = save_image(alt_text='Boats "moored" in a dark harbour')
    thumbnail = image.renditions.get(spec="thumbnail-jpeg")

    response = editor_client.get(CHANGELIST_URL)

    assertContains(
        response,
        f'<img src="{thumbnail.url}" width="80" height="45" alt="{escape(image.alt_text)}">',
        html=True,
    )
    assert thumbnail.url.startswith("/uploads/renditions/")
    assert thumbnail.file.storage.exists(thumbnail.file.name)


def test_an_image_with_no_renditions_yet_gets_its_thumbnail_when_listed(editor_client):
    image = ImageFactory()  # stored without going through image_save
    assert not image.renditions.exists()

    response = editor_client.get(CHANGELIST_URL)

    thumbnail = Rendition.objects.get(image=image, spec="thumbnail-jpeg")
    assertContains(response, f'src="{thumbnail.url}"')
    assert thumbnail.file.storage.exists(thumbnail.file.name)


def test_the_edit_page_shows_a_large_preview(editor_client):
    image = save_image()
    thumbnail = image.renditions.get(spec="thumbnail-jpeg")

    response = editor_client.get(reverse("admin:media_image_change", args=[image.pk]))

    assert response.status_code == 200
    assertContains(response, f'<img src="{thumbnail.url}" width="320" height="180"', html=False)


def test_the_upload_form_shows_no_preview_before_there_is_a_picture(editor_client):
    response = editor_client.get(ADD_URL)

    # The admin's own icons (the agency field's add and change links) are pictures too; no upload is.
    assertNotContains(response, 'src="/uploads/')


def test_moving_the_focal_point_in_the_admin_rebuilds_the_renditions(editor_client, django_capture_on_commit_callbacks):
    image = save_image()
    old = dict(image.renditions.values_list("spec", "pk"))
    data = {
        "title": image.title,
        "alt_text": image.alt_text,
        "credit": image.credit,
        "usage_rights": image.usage_rights,
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
        "focal_point_x": "0.9",
        "focal_point_y": "0.1",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:media_image_change", args=[image.pk]), data)

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.focal_point == (0.9, 0.1)
    new = dict(image.renditions.values_list("spec", "pk"))
    assert set(new) == set(SPECS)
    assert set(new.values()).isdisjoint(old.values())
    assert all(r.file.storage.exists(r.file.name) for r in image.renditions.all())
    assert image.file.storage.exists(image.file.name)  # the original is kept


# Session, user, permissions (twice), the count (twice), the page of images with their agencies, their renditions,
# the date filter (twice), the agencies for their filter.
QUERY_BUDGET = 11


def test_the_image_list_runs_the_same_bounded_number_of_queries_for_3_or_10_images(
    editor_client, django_assert_max_num_queries
):
    queries = {}
    for count in (3, 10):
        for n in range(count - Image.objects.count()):
            save_image(title=f"Picture {n}", width=320, height=180)
        with django_assert_max_num_queries(QUERY_BUDGET) as captured:
            response = editor_client.get(CHANGELIST_URL)
        assert response.context["cl"].result_count == count
        assert response.content.decode().count('src="/uploads/renditions/') == count
        queries[count] = len(captured)

    assert queries[3] == queries[10]
