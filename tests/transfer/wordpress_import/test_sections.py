"""Categories and sections: an unknown category is refused with a hint, or mapped with --section-map, or made a
section with --create-sections, whatever alphabet its name is in."""

import re

import pytest

from articles.models import Section
from tests.factories import SectionFactory
from tests.helpers.wordpress import EVERY_ITEM, article, import_wxr, in_database, variant
from tests.transfer.conftest import run
from tests.transfer.wxr_factory import FIXTURE

pytestmark = pytest.mark.django_db


def test_unknown_categories_are_refused_with_a_hint_to_map_them(uploads):
    result = run("import_articles", FIXTURE, "--media-dir", uploads)

    assert not result.ok
    assert "7 items failed (listed above); the others were imported." in result.error
    assert (
        "wordpress-6.xml item 2 (post 101): unknown section “World”: map it to an existing one with "
        "--section-map world=<section slug>, or pass --create-sections."
    ) in result.stderr
    assert "item 5 (post 104): unknown section “Business”: map it to an existing one with --section-map business=" in (
        result.stderr
    )
    assert in_database() == {"page:2"}
    assert Section.objects.count() == 0


def test_mapped_categories_go_into_existing_sections(uploads):
    asia = SectionFactory(name="Asia", slug="asia")
    markets = SectionFactory(name="Markets", slug="markets")

    result = run(
        "import_articles", FIXTURE, "--media-dir", uploads, "--section-map", "world=asia", "--section-map",
        "business=markets",
    )  # fmt: skip

    assert result.ok, result.output
    assert in_database() == EVERY_ITEM
    assert set(Section.objects.all()) == {asia, markets}
    assert article("post:101").section == asia
    assert article("post:104").section == markets
    assert "World" in article("post:104").tags.names()  # a further category is still a tag


def test_create_sections_creates_a_section_for_a_category_named_in_chinese(uploads, tmp_path):
    """--create-sections promises a section for each unknown category, whatever alphabet its name is in."""
    economy = variant(
        tmp_path,
        "economy.xml",
        (
            '<category domain="category" nicename="business"><![CDATA[Business]]></category>',
            '<category domain="category" nicename="%e7%bb%8f%e6%b5%8e"><![CDATA[经济]]></category>',
        ),
    )

    result = import_wxr(uploads, path=economy)

    assert result.ok, result.output
    assert in_database() == EVERY_ITEM
    section = article("post:104").section
    assert section.name == "经济"
    assert re.fullmatch(r"[-a-z0-9]+", section.slug)
