"""Headlines and names in any script make readable addresses: transliterated, or in their own letters where
ALLOW_UNICODE_SLUGS is set; never empty, never only digits."""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from taggit.models import Tag

from articles.models import Page, Section, Status
from articles.services import article_save
from authors.models import Author
from common.slugs import readable_slug
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

HEADLINES = {
    "Chinese": ("台风逼近台湾 2 港口关闭", "tai-feng-bi-jin-tai-wan-2-gang-kou-guan-bi"),
    "Japanese": ("東京で大雨 3 日続く", None),
    "Korean": ("서울 2 도심 시위", "seoul-2-dosim-siwi"),
    "Thai": ("น้ำท่วม กรุงเทพ 2", None),
    "Hindi": ("दिल्ली में बारिश 2", None),
    "Arabic": ("أمطار غزيرة 2 في دبي", None),
    "Greek": ("Επίπεδο 2 συναγερμού", "epipedo-2-sunagermou"),
    "Vietnamese": ("Bão số 2 đổ bộ Đà Nẵng", "bao-so-2-do-bo-da-nang"),
}
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.mark.parametrize("script", HEADLINES)
def test_a_headline_in_any_script_gets_a_readable_address_that_serves_the_article(script, client, editor):
    headline, expected = HEADLINES[script]
    draft = ArticleFactory.build(headline=headline, slug="", status=Status.DRAFT, section=SectionFactory())
    article = article_save(article=draft, by=editor)
    assert SLUG.fullmatch(article.slug), article.slug
    assert not article.slug.replace("-", "").isdigit(), f"{script}: only the digits were kept"
    assert len(article.slug.split("-")) >= 3, f"{script}: the words were lost ({article.slug})"
    if expected:
        assert article.slug == expected
    article.status = Status.PUBLISHED
    article_save(article=article, by=editor, base_version=article.version)
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("text", ["", "!!!", "🙂", "—"])
def test_text_with_no_letter_in_any_script_gives_no_slug_for_the_callers_fallback(text):
    assert readable_slug(text) == ""


def test_a_slug_is_cut_at_a_word_not_left_with_a_hyphen():
    assert readable_slug("Typhoon nears Taiwan", max_length=8) == "typhoon"


@pytest.mark.parametrize("script", ["Chinese", "Greek", "Hindi", "Thai"])
def test_with_unicode_slugs_allowed_a_headline_keeps_its_letters_in_its_address(script, client, editor, settings):
    settings.ALLOW_UNICODE_SLUGS = True
    headline, _ = HEADLINES[script]
    draft = ArticleFactory.build(headline=headline, slug="", status=Status.PUBLISHED, section=SectionFactory())
    draft.publish_at = draft.first_published_at = None
    article = article_save(article=draft, by=editor)

    assert article.slug == "-".join(headline.lower().split())  # every letter, with its vowel signs
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert headline in response.content.decode()


def test_sections_authors_and_pages_made_in_the_admin_without_a_slug_get_a_readable_one(editor_client, client):
    editor_client.post("/admin/articles/section/add/", {"name": "經濟 Economy", "slug": "", "position": 0})
    editor_client.post(
        "/admin/articles/page/add/", {"title": "Σχετικά με εμάς", "slug": "", "body": "<p>Us.</p>", "position": 0}
    )
    author = Author.objects.create(name="Nguyễn Văn An")

    assert Section.objects.get(name="經濟 Economy").slug == "jing-ji-economy"
    assert Page.objects.get().slug == "skhetika-me-emas"
    assert author.slug == "nguyen-van-an"
    assert client.get("/section/jing-ji-economy/").status_code == 200
    assert client.get(author.get_absolute_url()).status_code == 200


def test_a_typed_slug_in_other_letters_is_refused_unless_unicode_slugs_are_allowed(editor_client, settings):
    response = editor_client.post("/admin/articles/section/add/", {"name": "Taiwan", "slug": "台湾", "position": 0})
    assert response.status_code == 200
    assert "addresses here are ASCII" in response.content.decode()
    assert not Section.objects.exists()

    settings.ALLOW_UNICODE_SLUGS = True
    response = editor_client.post("/admin/articles/section/add/", {"name": "Taiwan", "slug": "台湾", "position": 0})
    assert response.status_code == 302
    assert Section.objects.get().get_absolute_url() == "/section/%E5%8F%B0%E6%B9%BE/"


def test_a_page_address_of_digits_alone_is_refused_as_the_archive_owns_it(editor_client):
    response = editor_client.post(
        "/admin/articles/page/add/", {"title": "2025", "slug": "2025", "body": "<p>Year.</p>", "position": 0}
    )
    assert "taken by the archive" in response.content.decode()
    assert not Page.objects.exists()


def test_tags_that_kept_other_letters_move_to_ascii_and_their_old_addresses_redirect(client):
    """What migration 0020 does to the tags of before: /tag/台湾/ becomes /tag/tai-wan/, and readers follow."""
    taiwan = Tag.objects.create(name="台湾", slug="台湾")
    unused = Tag.objects.create(name="Ελλάδα", slug="ελλάδα")
    ArticleFactory().tags.add(taiwan)

    import_module("articles.migrations.0020_tag_slugs_in_ascii").tags_to_ascii(django_apps, None)

    taiwan.refresh_from_db()
    unused.refresh_from_db()
    assert (taiwan.slug, unused.slug) == ("tai-wan", "ellada")
    assert client.get("/tag/台湾/")["Location"] == "/tag/tai-wan/"
    assert client.get("/tag/台湾/rss/")["Location"] == "/tag/tai-wan/rss/"
    assert client.get("/tag/tai-wan/").status_code == 200
    assert client.get("/tag/ελλάδα/").status_code == 404  # no reader could find it: nothing to keep
