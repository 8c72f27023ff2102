"""Categories and sections: an unknown category is refused with a hint, or mapped with --section-map, or made a
section with --create-sections, whatever alphabet its name is in."""

import re

import pytest

from articles.models import Section
from tests.factories import SectionFactory
from tests.helpers.wordpress import EVERY_ITEM, WXR_TEXT, article, import_wxr, in_database, variant
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


WORLD = '<category domain="category" nicename="world"><![CDATA[World]]></category>'
UNCATEGORIZED = '<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>'


def uncategorised(tmp_path):
    """The fixture with post 107 in no category, and post 108 in WordPress's Uncategorized."""
    text = WXR_TEXT
    for post_id, category in (("107", ""), ("108", UNCATEGORIZED)):
        start = text.index(f"<wp:post_id>{post_id}</wp:post_id>")
        end = text.index("</item>", start)
        text = text[:start] + text[start:end].replace(WORLD, category) + text[end:]
    path = tmp_path / "uncategorised.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def asia(db):
    return SectionFactory(name="Asia", slug="asia")


def test_a_post_in_no_category_is_refused_with_a_hint_to_give_a_default_section(uploads, tmp_path, asia):
    result = run("import_articles", uncategorised(tmp_path), "--media-dir", uploads, "--section-map", "world=asia")

    assert not result.ok
    assert (
        "uncategorised.xml item 8 (post 107): the item has no section (category): give --default-section "
        "<section slug> to put such items in a section."
    ) in result.stderr
    assert (
        "uncategorised.xml item 9 (post 108): unknown section “Uncategorized”: map it to an existing one with "
        "--section-map uncategorized=<section slug>, or pass --create-sections, or put such items in a section "
        "with --default-section <section slug>."
    ) in result.stderr


def test_default_section_takes_posts_in_no_category_and_in_uncategorized(uploads, tmp_path, asia):
    general = SectionFactory(name="General", slug="general")

    result = run(
        "import_articles", uncategorised(tmp_path), "--media-dir", uploads, "--section-map", "world=asia",
        "--section-map", "business=asia", "--default-section", "general",
    )  # fmt: skip

    assert result.ok, result.output
    assert in_database() == EVERY_ITEM
    assert (article("post:107").section, article("post:108").section) == (general, general)
    assert article("post:101").section == asia


def test_a_default_section_that_does_not_exist_is_refused_before_anything_is_read(uploads):
    result = run("import_articles", FIXTURE, "--media-dir", uploads, "--default-section", "nowhere")

    assert not result.ok
    assert result.error == "--default-section: there is no section with the slug 'nowhere'."
    assert in_database() == set()
