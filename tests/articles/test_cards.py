"""Cards are drawn once and reused while what they show stays the same; any change shows at once."""

import datetime

import pytest
from django.template.loader import get_template
from django.utils import timezone

from articles.models import Article, Byline
from articles.templatetags.cards import article_card, cards
from media.models import Image
from media.renditions import rebuild_renditions
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "uncached_pages")]


def card(pk, **options):
    return str(article_card(Article.objects.for_listing().get(pk=pk), **options))


@pytest.fixture
def article():
    picture = ImageFactory()
    rebuild_renditions(picture)
    article = ArticleFactory(headline="Port strike ends", lead_image=picture)
    Byline.objects.create(article=article, author=AuthorFactory(name="Mei Lin"), position=0)
    return article


@pytest.mark.parametrize("options", [{}, {"heading_level": 3}, {"is_lead": True}])
def test_a_card_reads_as_the_card_template_draws_it_first_and_again(article, options):
    drawn = get_template("includes/article_card.html").render(
        {"article": Article.objects.for_listing().get(pk=article.pk), "heading_level": None, "is_lead": False} | options
    )
    assert card(article.pk, **options) == drawn
    assert card(article.pk, **options) == drawn and len(cards.kept) == 1


def test_an_edit_to_what_a_card_shows_is_on_the_next_card_drawn(article):
    assert "Port strike ends" in card(article.pk)
    Article.objects.filter(pk=article.pk).update(headline="Port strike ends after talks")
    assert "Port strike ends after talks" in card(article.pk)
    Byline.objects.filter(article=article).update(role="photographer")
    assert "Photos: " in card(article.pk)


def test_a_picture_whose_rights_expire_leaves_the_card_at_once_without_any_save(article):
    assert 'class="card__image"' in card(article.pk) and "picture-unavailable" not in card(article.pk)
    Image.objects.filter(pk=article.lead_image_id).update(
        rights_expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert "picture-unavailable" in card(article.pk)
