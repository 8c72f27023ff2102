"""image_rights_report follows every picture a published article shows: its lead image and the pictures in its body."""

import pytest

from media.models import Image
from tests.factories import UNPUBLISHED_STATES, ArticleFactory
from tests.helpers.media_commands import REPORT_QUERIES, days_from_now, run, save_image

pytestmark = pytest.mark.django_db


def body_with(*images):
    figures = "".join(f'<figure><img alt="" data-file="{image.pk}"></figure>' for image in images)
    return f"<p>Text.</p>{figures}"


def test_an_expired_picture_in_the_body_of_a_published_article_is_an_error_and_the_article_is_listed():
    image = save_image("Harbour at night", rights_expire_at=days_from_now(-2))
    article = ArticleFactory(headline="Floods close the harbour", body=body_with(image))

    out, _, error = run("image_rights_report")

    assert error == f"1 image whose rights have expired is still on published articles (image {image.pk})."
    assert f"  On published articles:\n    Floods close the harbour: {article.get_absolute_url()}\n" in out
    assert "1 image listed: 1 expired (1 still on published articles), 0 expiring within 30 days." in out


@pytest.mark.parametrize("state", ["draft", "scheduled", "archived"])
def test_an_expired_picture_only_in_the_body_of_an_article_readers_cannot_see_is_not_an_error(state):
    image = save_image("Harbour at night", rights_expire_at=days_from_now(-2))
    ArticleFactory(headline="Floods close the harbour", body=body_with(image), **UNPUBLISHED_STATES[state])

    out, _, error = run("image_rights_report")

    assert error is None
    assert "  Not on any published article.\n" in out
    assert "Floods close the harbour" not in out


def test_an_article_showing_a_picture_as_lead_and_in_the_body_is_listed_once_and_others_in_order():
    image = save_image("Street market", rights_expire_at=days_from_now(5))
    other = save_image("Fish stall", rights_expire_at=days_from_now(6))
    older = ArticleFactory(headline="Market opens", publish_at=days_from_now(-3), body=body_with(image, other))
    newer = ArticleFactory(
        headline="Market day", publish_at=days_from_now(-1), lead_image=image, body=body_with(image, other)
    )

    out, _, error = run("image_rights_report")

    assert error is None
    assert out.count("Market day:") == 2  # once under each picture
    street = out[out.index("Street market") : out.index("Fish stall")]
    assert street.endswith(
        "  On published articles:\n"
        f"    Market day: {newer.get_absolute_url()}\n"
        f"    Market opens: {older.get_absolute_url()}\n"
        "\n"
    )


def test_the_report_costs_the_same_queries_with_pictures_in_bodies(django_assert_max_num_queries):
    queries = {}
    for count in (2, 6):
        for n in range(count - Image.objects.count()):
            image = save_image(f"Picture {count}-{n}", rights_expire_at=days_from_now(-1 if n % 2 else 5))
            ArticleFactory(lead_image=image, body=body_with(image))
            ArticleFactory(body=body_with(image))
        with django_assert_max_num_queries(REPORT_QUERIES) as captured:
            out, _, _ = run("image_rights_report")
        assert f"{count} images listed" in out
        queries[count] = len(captured)

    assert queries[2] == queries[6]
