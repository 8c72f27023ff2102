"""The desk flags a picture whose agency requires a credit and has none, and only when the agency requires one;
a picture in the body as well as the lead image.

The images are staff pictures, which need no credit by their usage rights: only the agency can make it required.
"""

import pytest

from media.models import Agency, UsageRights
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
