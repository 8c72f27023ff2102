"""A picture readers see is never changed so that an article showing it could no longer be published.

Editors may change any picture, but not remove a credit it needs, end its rights in the past, or give it an
agency that requires a credit it lacks, while a published or scheduled article shows it: the refusal names the
articles, and once they are unpublished the change goes through.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.services import article_unpublish
from media.models import Agency, Image, UsageRights
from media.services import image_save
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, image_upload
from tests.helpers.picture_uses import USES, change_form, in_use

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.now() - timezone.timedelta(days=1)


@pytest.fixture
def harbour():
    return ImageFactory(file=image_upload(width=64, height=36), title="Harbour at dawn", credit="Reuters")


def test_an_editor_cannot_remove_a_credit_a_published_article_needs(editor_client, harbour):
    ArticleFactory(headline="Harbour reopens", lead_image=harbour)

    response = editor_client.post(
        reverse("admin:media_image_change", args=[harbour.pk]), change_form(harbour, credit="")
    )

    assert response.status_code == 200
    assert (
        "The picture “Harbour at dawn” needs a credit: agency images require one. It is in published or scheduled "
        "articles “Harbour reopens”: unpublish them first."
    ) in response.context["adminform"].form.errors["credit"]
    assert Image.objects.get(pk=harbour.pk).credit == "Reuters"


def test_an_editor_cannot_end_the_rights_of_a_picture_in_a_live_body_until_the_article_is_unpublished(
    editor, editor_client, harbour
):
    article = ArticleFactory(
        headline="Harbour in pictures", body=f'<figure><img data-file="{harbour.pk}" alt=""></figure>'
    )
    address = reverse("admin:media_image_change", args=[harbour.pk])
    ended = change_form(harbour, rights_expire_at_0=f"{YESTERDAY:%Y-%m-%d}", rights_expire_at_1="08:00")

    refused = editor_client.post(address, ended)

    assert refused.status_code == 200
    [error] = refused.context["adminform"].form.errors["rights_expire_at"]
    assert error.startswith("The picture “Harbour at dawn” cannot be published: its usage rights expired on ")
    assert error.endswith("It is in published or scheduled articles “Harbour in pictures”: unpublish them first.")
    assert Image.objects.get(pk=harbour.pk).rights_expire_at is None

    article_unpublish(article=article, by=editor)
    accepted = editor_client.post(address, ended)

    assert accepted.status_code == 302
    assert Image.objects.get(pk=harbour.pk).rights_expire_at is not None


def test_the_service_refuses_an_agency_that_requires_a_credit_the_picture_of_a_live_article_lacks(editor, harbour):
    Image.objects.filter(pk=harbour.pk).update(credit="", disclaimer="", usage_rights=UsageRights.STAFF)
    ArticleFactory(headline="Harbour reopens", lead_image=harbour)
    ArticleFactory(headline="Harbour tomorrow", publish_at=timezone.now() + timezone.timedelta(days=1),
                   lead_image=harbour)  # fmt: skip
    image = Image.objects.get(pk=harbour.pk)
    image.agency = Agency.objects.create(name="Reuters", credit_required=True)

    with pytest.raises(ValidationError) as refusal:
        image_save(image=image, by=editor)

    assert refusal.value.message_dict == {
        "credit": [
            "The picture “Harbour at dawn” needs a credit: Reuters requires one. It is in published or scheduled "
            "articles “Harbour tomorrow”, “Harbour reopens”: unpublish them first."
        ]
    }
    assert Image.objects.get(pk=harbour.pk).agency is None


def test_rights_that_end_before_a_scheduled_article_goes_out_are_refused(editor, harbour):
    ArticleFactory(headline="Harbour tomorrow", publish_at=timezone.now() + timezone.timedelta(days=3),
                   lead_image=harbour)  # fmt: skip
    harbour.rights_expire_at = timezone.now() + timezone.timedelta(days=1)

    with pytest.raises(
        ValidationError, match="cannot be published then: its usage rights expire on .* “Harbour tomorrow”"
    ):
        image_save(image=harbour, by=editor)


def test_rights_that_end_after_the_scheduled_time_and_pictures_no_reader_sees_may_change(editor, harbour):
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(days=1), lead_image=harbour)
    ArticleFactory(status=Status.DRAFT, lead_image=harbour)
    AuthorFactory(photo=harbour)  # an author page checks no rights
    harbour.rights_expire_at = timezone.now() + timezone.timedelta(days=3)

    image_save(image=harbour, by=editor)

    assert Image.objects.get(pk=harbour.pk).rights_expire_at == harbour.rights_expire_at


def test_a_caption_fix_is_not_refused_for_a_problem_the_picture_already_had(editor, harbour):
    ArticleFactory(lead_image=harbour)
    Image.objects.filter(pk=harbour.pk).update(rights_expire_at=YESTERDAY)
    image = Image.objects.get(pk=harbour.pk)
    image.caption = "Boats at dawn, before the storm"

    image_save(image=image, by=editor)

    assert Image.objects.get(pk=harbour.pk).caption == "Boats at dawn, before the storm"


def test_in_public_use_and_its_one_picture_twin_agree_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    pictures = {use: ImageFactory(file=image_upload(width=64, height=36)) for use in USES}
    for use, image in pictures.items():
        in_use(image, use)
    shown = {use for use in USES if use not in {"unused", "draft"}}

    with django_assert_max_num_queries(1):
        public = set(Image.objects.in_public_use())
    with django_assert_max_num_queries(2):  # one per kind of place: articles, author pages
        uses = pictures["body"].public_uses()

    assert public == {pictures[use] for use in shown}
    assert {use for use, image in pictures.items() if image.public_uses()} == shown
    assert [str(holder) for _, holder in uses] == ["Harbour in pictures"]
