"""One rule says when a picture needs a credit: its agency requires one, or its usage rights (agency, licensed).

The property (one picture) and the queryset (lists: the desk) must agree, spaces-only credits included."""

import pytest

from media.models import Agency, Image, UsageRights
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictures():
    """Saved without validation, as pictures made before a rule changed would be: {title: credit is missing}."""
    demanding = Agency.objects.create(name="Pacific Photo Wire", credit_required=True)
    relaxed = Agency.objects.create(name="City Archive", credit_required=False)
    cases = [  # title, usage rights, agency, credit, whether the credit is missing
        ("licensed, no credit", UsageRights.LICENSED, None, "", True),
        ("agency rights, only spaces", UsageRights.AGENCY, None, "   ", True),
        ("staff, demanding agency, a tab", UsageRights.STAFF, demanding, "\t", True),
        ("staff, relaxed agency, no credit", UsageRights.STAFF, relaxed, "", False),
        ("public domain, no credit", UsageRights.PUBLIC_DOMAIN, None, "", False),
        ("licensed, credited", UsageRights.LICENSED, None, "Reuters", False),
    ]
    for title, rights, agency, credit, _ in cases:
        ImageFactory(title=title, usage_rights=rights, agency=agency, credit=credit)
    return {title: missing for title, *_, missing in cases}


def test_a_picture_lacks_a_required_credit_by_the_same_rule_alone_and_in_a_list(pictures):
    listed = set(Image.objects.credit_missing().values_list("title", flat=True))
    one_by_one = {image.title for image in Image.objects.select_related("agency") if image.credit_missing}

    assert listed == one_by_one == {title for title, missing in pictures.items() if missing}


def test_a_credit_of_spaces_is_refused_where_a_credit_is_required():
    image = ImageFactory.build(usage_rights=UsageRights.AGENCY, credit="  ")
    assert image.credit_required and image.credit_missing
