"""The desk flags a picture whose agency requires a credit and has none, and only when the agency requires one;
a picture in the body as well as the lead image.

The images are staff pictures, which need no credit by their usage rights: only the agency can make it required.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from media.models import Agency, Image, UsageRights
from tests.factories import ArticleFactory, ImageFactory
from tests.helpers.desk import ADMIN, panel

pytestmark = pytest.mark.django_db


def uncredited_staff_image(agency, title):
    """Saved without validation, as an image made before its agency required credits would be."""
    return ImageFactory(title=title, agency=agency, usage_rights=UsageRights.STAFF, credit="", disclaimer="")


def test_an_article_whose_agency_requires_a_credit_its_image_lacks_is_on_the_editors_desk(editor_client):
    agency = Agency.objects.create(name="Pacific Photo Wire", credit_required=True)
    ArticleFactory(headline="Harbour reopens", lead_image=uncredited_staff_image(agency, "Harbour at dawn"))

    images = panel(editor_client.get(ADMIN).content.decode(), "desk-image-problems")

    assert "Harbour reopens Harbour at dawn: no credit" in images


def test_an_uncredited_picture_in_the_body_is_on_the_editors_desk_until_it_leaves_the_body(editor_client):
    agency = Agency.objects.create(name="Pacific Photo Wire", credit_required=True)
    picture = uncredited_staff_image(agency, "Harbour at dawn")
    article = ArticleFactory(
        headline="Harbour reopens", body=f'<p>Text.</p><figure><img alt="" data-file="{picture.pk}"></figure>'
    )

    images = panel(editor_client.get(ADMIN).content.decode(), "desk-image-problems")
    assert "Harbour reopens Harbour at dawn (in the body): no credit" in images

    article.body = "<p>Text.</p>"
    article.save()
    images = panel(editor_client.get(ADMIN).content.decode(), "desk-image-problems")
    assert images.endswith("No problems with pictures.")


def test_an_uncredited_image_of_an_agency_that_requires_no_credit_is_not_flagged(editor_client):
    agency = Agency.objects.create(name="City Archive", credit_required=False)
    ArticleFactory(headline="Old town square", lead_image=uncredited_staff_image(agency, "Square in 1950"))

    images = panel(editor_client.get(ADMIN).content.decode(), "desk-image-problems")

    assert "Old town square" not in images
    assert images.endswith("No problems with pictures.")


def test_a_credit_of_spaces_is_no_credit_on_the_desk(editor_client):
    agency = Agency.objects.create(name="Pacific Photo Wire", credit_required=True)
    image = uncredited_staff_image(agency, "Harbour at dawn")
    Image.objects.filter(pk=image.pk).update(credit="   ")
    ArticleFactory(headline="Harbour reopens", lead_image=image)

    images = panel(editor_client.get(ADMIN).content.decode(), "desk-image-problems")

    assert "Harbour reopens Harbour at dawn: no credit" in images


def test_the_desk_lists_the_pictures_of_live_and_scheduled_articles_as_the_rights_checks_do(editor_client):
    """The articles whose pictures must stay publishable (Article.objects.live_or_scheduled()): a draft's picture
    is checked when it is published, an expired article's no longer shows."""
    agency = Agency.objects.create(name="Pacific Photo Wire", credit_required=True)
    for headline, state in [("Live", {}), ("Scheduled", {"publish_at": timezone.now() + timedelta(days=1)}),
                            ("Draft", {"status": Status.DRAFT}),
                            ("Expired", {"publish_at": timezone.now() - timedelta(days=2),
                                         "expire_at": timezone.now() - timedelta(days=1)})]:  # fmt: skip
        ArticleFactory(headline=headline, lead_image=uncredited_staff_image(agency, f"{headline} picture"), **state)

    images = panel(editor_client.get(ADMIN).content.decode(), "desk-image-problems")

    assert "Live Live picture: no credit" in images and "Scheduled Scheduled picture: no credit" in images
    assert "Draft" not in images and "Expired" not in images
