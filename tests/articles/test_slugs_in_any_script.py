"""Headlines in any script make readable addresses: transliterated, never empty, never only digits (tags keep
their own letters: tests/articles/test_tags.py)."""

import re

import pytest

from articles.models import Status
from articles.services import article_save
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
