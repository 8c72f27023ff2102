"""Who may change or delete a library picture, by role and by where readers see it.

Editors change any picture; anyone else only a picture they uploaded, and only while no published or
scheduled article, no author page shows it. Each case goes through the admin (a direct request: a
hidden button is no guard) and through media.services, which imports and commands call.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from media.models import Image
from media.services import image_delete, image_save
from tests.factories import ArticleFactory, ImageFactory, UserFactory, image_bytes, image_upload
from tests.helpers.picture_uses import USES, change_form, in_use
from tests.transfer.conftest import run

pytestmark = pytest.mark.usefixtures("media_root")
LOGIN = "/admin/login/"
ROLES = ["anonymous", "no-group staff", "uploader", "other reporter", "editor", "superuser"]
YES, NO, IN_USE = "changed", "refused", "in use"  # IN_USE: the editor may, but an article still holds it


@pytest.fixture
def users(db):
    uploader = UserFactory(username="uploader", role="Reporter")
    return {
        "anonymous": None,
        "no-group staff": UserFactory(username="staff"),
        "uploader": uploader,
        "other reporter": UserFactory(username="other", role="Reporter"),
        "editor": UserFactory(username="editor", role="Editor"),
        "superuser": UserFactory(username="chief", is_superuser=True),
    }


def picture(users, use):
    image = ImageFactory(file=image_upload(width=64, height=36), caption="Boats at dawn", uploaded_by=users["uploader"])
    in_use(image, use)
    return image


def reporter_may_change(use):
    return YES if use in {"unused", "draft"} else NO


CHANGE = {
    "anonymous": dict.fromkeys(USES, NO),
    "no-group staff": dict.fromkeys(USES, NO),
    "uploader": {use: reporter_may_change(use) for use in USES},
    "other reporter": dict.fromkeys(USES, NO),
    "editor": dict.fromkeys(USES, YES),
    "superuser": dict.fromkeys(USES, YES),
}
# Reporters hold no delete permission at all; an editor's delete stops at an article that uses the picture
# (its lead image or body), draft or not, while an author simply loses the photo.
EDITOR_DELETES = {use: YES if use in {"unused", "author photo"} else IN_USE for use in USES}
DELETE = {
    **{role: dict.fromkeys(USES, NO) for role in ["anonymous", "no-group staff", "uploader", "other reporter"]},
    "editor": EDITOR_DELETES,
    "superuser": EDITOR_DELETES,
}
CASES = [(role, use) for role in ROLES for use in USES]


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return "login"
    return response.status_code


@pytest.mark.parametrize(("role", "use"), CASES)
def test_changing_a_picture_in_the_admin(users, client, role, use):
    image = picture(users, use)
    if users[role] is not None:
        client.force_login(users[role])

    response = client.post(reverse("admin:media_image_change", args=[image.pk]), change_form(image, caption="DEFACED"))

    image.refresh_from_db()
    if CHANGE[role][use] == YES:
        assert outcome(response) == 302
        assert image.caption == "DEFACED"
    else:
        assert outcome(response) == ("login" if role == "anonymous" else 403)
        assert image.caption == "Boats at dawn"


@pytest.mark.parametrize(("role", "use"), CASES)
def test_changing_a_picture_through_the_service(users, role, use):
    image = picture(users, use)
    image.caption = "DEFACED"
    user = users[role] or AnonymousUser()

    if CHANGE[role][use] == YES:
        image_save(image=image, by=user)
    else:
        with pytest.raises(PermissionDenied):
            image_save(image=image, by=user)

    image.refresh_from_db()
    assert (image.caption == "DEFACED") == (CHANGE[role][use] == YES)


@pytest.mark.parametrize(("role", "use"), CASES)
def test_deleting_a_picture_in_the_admin(users, client, role, use):
    image = picture(users, use)
    if users[role] is not None:
        client.force_login(users[role])

    response = client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    expected = DELETE[role][use]
    if expected == YES:
        assert outcome(response) == 302
    elif expected == IN_USE:
        # The admin's own page: "Deleting the image would require deleting the following protected objects".
        assert outcome(response) == 200
        assert "protected" in response.content.decode()
    else:
        assert outcome(response) == ("login" if role == "anonymous" else 403)
    assert Image.objects.filter(pk=image.pk).exists() == (expected != YES)


@pytest.mark.parametrize(("role", "use"), CASES)
def test_deleting_a_picture_through_the_service(users, role, use):
    image = picture(users, use)
    user = users[role] or AnonymousUser()

    expected = DELETE[role][use]
    if expected == YES:
        image_delete(image=image, by=user)
    elif expected == IN_USE:
        with pytest.raises(ValidationError, match="Take it out of them first"):
            image_delete(image=image, by=user)
    else:
        with pytest.raises(PermissionDenied):
            image_delete(image=image, by=user)
    assert Image.objects.filter(pk=image.pk).exists() == (expected != YES)


@pytest.mark.parametrize("use", USES)
def test_a_non_editor_who_may_delete_pictures_deletes_only_their_own_while_readers_do_not_see_it(users, use):
    """A role with the delete permission but not the publish one (say, a picture desk) follows the same rule."""
    desk = UserFactory(username="desk", role="Reporter")
    desk.user_permissions.add(Permission.objects.get(codename="delete_image"))
    image = picture(users, use)
    image.uploaded_by = desk
    image.save()
    somebody_elses = picture(users, "unused")

    with pytest.raises(PermissionDenied, match="someone else uploaded"):
        image_delete(image=somebody_elses, by=desk)
    if use == "unused":
        image_delete(image=image, by=desk)
        assert not Image.objects.filter(pk=image.pk).exists()
    elif use == "draft":
        with pytest.raises(ValidationError, match="Harbour draft"):
            image_delete(image=image, by=desk)
    else:
        with pytest.raises(PermissionDenied, match="a picture readers see"):
            image_delete(image=image, by=desk)


def test_a_reporter_is_told_where_readers_see_the_picture(users):
    image = picture(users, "published")
    in_use(image, "author photo")
    image.caption = "DEFACED"

    with pytest.raises(PermissionDenied) as refusal:
        image_save(image=image, by=users["uploader"])

    assert str(refusal.value) == (
        "Only editors may change a picture readers see: it is shown in author pages “Mei Lin”; "
        "published or scheduled articles “Harbour reopens”."
    )


def test_a_reporter_sees_somebody_elses_picture_read_only(users, client):
    image = picture(users, "unused")
    client.force_login(users["other reporter"])

    response = client.get(reverse("admin:media_image_change", args=[image.pk]))

    assert response.status_code == 200
    assert 'name="caption"' not in response.content.decode()  # no field to change: the picture is shown only
    assert "Boats at dawn" in response.content.decode()
    assert [str(message) for message in response.context["messages"]] == [
        "Only editors may change a picture someone else uploaded. You can view it, not change it."
    ]


def test_the_uploader_is_told_why_a_picture_readers_see_is_read_only(users, client):
    image = picture(users, "scheduled")
    client.force_login(users["uploader"])

    response = client.get(reverse("admin:media_image_change", args=[image.pk]))

    assert 'name="caption"' not in response.content.decode()
    assert [str(message) for message in response.context["messages"]] == [
        "Only editors may change a picture readers see: it is shown in published or scheduled articles "
        "“Harbour tomorrow”. You can view it, not change it."
    ]


def test_the_uploader_may_still_change_a_picture_once_its_article_is_unpublished_or_expired(users):
    image = picture(users, "unused")
    expired = ArticleFactory(
        lead_image=image,
        publish_at=timezone.now() - timezone.timedelta(days=3),
        expire_at=timezone.now() - timezone.timedelta(days=1),
    )
    ArticleFactory(lead_image=image, status=Status.ARCHIVED)
    image.caption = "Boats at dusk"

    image_save(image=image, by=users["uploader"])

    assert Image.objects.get(pk=image.pk).caption == "Boats at dusk"
    assert expired.lead_image == image


def test_an_operator_running_a_command_without_a_user_is_trusted_like_an_editor(users):
    image = picture(users, "published")
    image.caption = "Boats at dawn, Tuesday"

    image_save(image=image, by=None)

    assert Image.objects.get(pk=image.pk).caption == "Boats at dawn, Tuesday"


@pytest.mark.parametrize(("role", "accepted"), [("other reporter", False), ("editor", True)])
def test_an_import_changes_a_picture_readers_see_only_for_a_user_who_may(users, tmp_path, role, accepted):
    image = picture(users, "published")
    Image.objects.filter(pk=image.pk).update(import_ref="wire:photo:1")
    (tmp_path / "harbour.jpg").write_bytes(image_bytes(64, 36))
    item = {
        "import_ref": "wire:1",
        "headline": "Harbour reopens",
        "section": {"slug": "world", "name": "World"},
        "lead_image": {
            "import_ref": "wire:photo:1", "file": "harbour.jpg", "title": image.title, "alt_text": image.alt_text,
            "caption": "DEFACED", "credit": image.credit, "usage_rights": image.usage_rights,
        },
    }  # fmt: skip
    (tmp_path / "wire.jsonl").write_text(json.dumps(item) + "\n")

    result = run("import_articles", tmp_path / "wire.jsonl", "--user", users[role].username, "--create-sections")

    assert result.ok == accepted, result.output
    assert Image.objects.get(pk=image.pk).caption == ("DEFACED" if accepted else "Boats at dawn")
    if not accepted:
        assert "Only editors may change a picture someone else uploaded." in result.output


def test_the_rule_costs_a_reporters_edit_page_two_queries_more_than_an_editors(users):
    image = picture(users, "unused")
    address = reverse("admin:media_image_change", args=[image.pk])
    counts = {}
    for role in ["uploader", "editor"]:
        client = Client()
        client.force_login(users[role])
        client.get(address)  # makes the preview's rendition
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts[role] = len(queries)

    assert counts["uploader"] <= counts["editor"] + 2  # one per kind of public place, however often it is asked


def test_an_editor_deleting_a_picture_articles_use_is_told_which(users):
    image = picture(users, "body")
    in_use(image, "draft")
    in_use(image, "published")

    with pytest.raises(ValidationError) as refusal:
        image_delete(image=image, by=users["editor"])

    assert refusal.value.messages == [
        f"“{image}” cannot be deleted: it is used by “Harbour draft”, “Harbour in pictures”, “Harbour reopens”. "
        "Take it out of them first."
    ]
