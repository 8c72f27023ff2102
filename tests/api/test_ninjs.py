"""The API's ninjs: every item valid against IPTC's ninjs 3.1 schema, carrying what partners need of it."""

import datetime
import json
import urllib.parse
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from PIL import Image as PILImage

from api.sync import SETTLE
from articles import services
from articles.models import Article
from media.models import Agency
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, SectionFactory
from tests.helpers.renditions import BLUE, encode, save_image

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "ninjs" / "ninjs-schema_3.1.json").read_text())
formats = FormatChecker()


@formats.checks("date-time", raises=ValueError)
def is_date_time(value):
    return datetime.datetime.fromisoformat(value).tzinfo is not None


@formats.checks("uri")
def is_uri(value):
    parts = urllib.parse.urlsplit(value)
    return bool(parts.scheme and parts.netloc)


NINJS = Draft202012Validator(SCHEMA, format_checker=formats)


def valid(item):
    errors = sorted(NINJS.iter_errors(item), key=str)
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors)
    return item


@pytest.fixture
def story():
    article = ArticleFactory(
        headline="Typhoon nears Taiwan", standfirst="Ports close as the storm turns north.",
        section=SectionFactory(slug="asia", name="Asia"),
        authors=[AuthorFactory(name="Nikhil Chauhan", slug="nikhil-chauhan"), AuthorFactory(name="Mei Lin")],
        lead_image=save_image(encode(PILImage.new("RGB", (1600, 900), BLUE))),
    )  # fmt: skip
    article.tags.add("Taiwan")
    return article


def test_an_article_in_ninjs_is_valid_and_carries_headline_summary_byline_subjects_and_its_picture(client, story):
    item = valid(client.get(f"/api/v1/ninjs/articles/{story.pk}/").json())
    assert item["uri"] == f"http://testserver/api/v1/articles/{story.pk}/"
    assert (item["type"], item["pubStatus"], item["representationType"]) == ("text", "usable", "partial")
    assert item["headlines"] == [{"role": "main", "value": "Typhoon nears Taiwan"}]
    assert item["descriptions"][0]["value"] == "Ports close as the storm turns north."
    assert item["by"] == "By Nikhil Chauhan and Mei Lin"
    assert item["language"] == "en-GB"
    assert [(subject["rel"], subject["name"]) for subject in item["subjects"]] == [
        ("section", "Asia"),
        ("about", "Taiwan"),
    ]
    assert {"role": "url", "value": f"http://testserver{story.get_absolute_url()}"} in item["altIds"]
    (picture,) = item["associations"]
    assert (picture["type"], picture["by"], picture["copyrightHolder"]) == (
        "picture",
        "Staff photographer",
        "Staff photographer",
    )
    assert picture["usageTerms"] == "Staff"
    assert {(rendition["contentType"], rendition["width"]) for rendition in picture["renditions"]} >= {
        ("image/jpeg", 800), ("image/webp", 1600),
    }  # fmt: skip


def test_an_agency_picture_carries_its_agency_and_disclaimer_and_one_it_may_not_share_is_left_out(client, story):
    image = story.lead_image
    image.agency = Agency.objects.create(name="Wire Photos", credit_required=True, may_redistribute=True)
    image.credit, image.copyright, image.disclaimer = "Wire Photos/J. Doe", "© 2026 Wire Photos", "Wire Photos image."
    image.save()
    (picture,) = valid(client.get(f"/api/v1/ninjs/articles/{story.pk}/").json())["associations"]
    assert (picture["copyrightHolder"], picture["copyrightNotice"], picture["usageTerms"]) == (
        "Wire Photos", "© 2026 Wire Photos", "Wire Photos image.",
    )  # fmt: skip
    image.agency.may_redistribute = False
    image.agency.save()  # as the admin saves it: the cached answer is purged
    assert "associations" not in valid(client.get(f"/api/v1/ninjs/articles/{story.pk}/").json())


def test_a_corrected_article_says_so_in_its_ed_note(client, story):
    CorrectionFactory(article=story)
    item = valid(client.get(f"/api/v1/ninjs/articles/{story.pk}/").json())
    assert item["edNote"] == "Correction: An earlier version misspelt the minister's name."


def test_a_takedown_is_a_canceled_item(client, editor, story):
    services.article_unpublish(article=story, by=editor)
    answer = client.get(f"/api/v1/ninjs/articles/{story.pk}/")
    assert answer.status_code == 410
    item = valid(answer.json())
    assert item["pubStatus"] == "canceled"
    assert "Typhoon" not in answer.text


def test_every_item_of_the_ninjs_sync_is_valid(client, editor, story, time_machine):
    time_machine.move_to(timezone.now())
    ArticleFactory.create_batch(5, expire_at=timezone.now() + datetime.timedelta(seconds=1))
    services.article_unpublish(article=ArticleFactory(), by=editor)
    Article.objects.get(pk=ArticleFactory().pk).delete()
    time_machine.shift(SETTLE + datetime.timedelta(seconds=2))
    answer = client.get("/api/v1/ninjs/articles/", {"limit": 100}).json()
    statuses = [valid(item)["pubStatus"] for item in answer["items"]]
    assert sorted(statuses) == ["canceled"] * 7 + ["usable"]


@pytest.mark.parametrize(
    "item",
    [{"type": "text"}, {"uri": "x", "pubStatus": "gone"}, {"uri": "https://a.example/1", "versionCreated": "today"},
     {"uri": "https://a.example/1", "headline": "ninjs 2 spelling"}],
)  # fmt: skip
def test_the_check_refuses_what_ninjs_does_not_allow(item):
    assert list(NINJS.iter_errors(item))


NINJS_22 = Draft202012Validator(
    json.loads((Path(__file__).parent / "fixtures" / "ninjs" / "ninjs-schema_2.2.json").read_text()),
    format_checker=formats,
)


def valid_22(item):
    errors = sorted(NINJS_22.iter_errors(item), key=str)
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors)
    return item


def test_the_same_article_in_ninjs_22_is_valid_against_its_schema_and_says_the_same(client, editor, story):
    CorrectionFactory(article=story)
    current = client.get(f"/api/v1/ninjs/articles/{story.pk}/").json()
    older = valid_22(client.get(f"/api/v1/ninjs/2.2/articles/{story.pk}/").json())
    assert (older["pubstatus"], older["versioncreated"], older["copyrightholder"]) == (
        "usable", current["versionCreated"], current["copyrightHolder"],
    )  # fmt: skip
    assert older["ednote"] == current["edNote"] and older["headlines"] == current["headlines"]
    (picture,) = older["associations"]
    assert {rendition["contenttype"] for rendition in picture["renditions"]} >= {"image/jpeg", "image/webp"}
    assert list(NINJS_22.iter_errors(current)), "the 2.2 check takes 3.1's names too"


def test_the_ninjs_22_sync_is_valid_with_its_takedowns(client, editor, story, time_machine):
    time_machine.move_to(timezone.now())
    services.article_unpublish(article=ArticleFactory(), by=editor)
    time_machine.shift(SETTLE + datetime.timedelta(seconds=2))
    items = client.get("/api/v1/ninjs/2.2/articles/", {"limit": 100}).json()["items"]
    assert sorted(valid_22(item)["pubstatus"] for item in items) == ["canceled", "usable"]
    gone = ArticleFactory()
    services.article_unpublish(article=gone, by=editor)
    answer = client.get(f"/api/v1/ninjs/2.2/articles/{gone.pk}/")
    assert answer.status_code == 410 and valid_22(answer.json())["pubstatus"] == "canceled"
