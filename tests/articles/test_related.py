"""Related articles are worked out when articles are saved (or by compute_related), and shown while live."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Article, Status
from articles.related import Archive, related_ids_for
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]


def related_block(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return page.split('id="related-heading"')[1].split("</section>")[0] if 'id="related-heading"' in page else ""


def tagged(article, *names):
    article.tags.add(*names)
    return article


def test_an_article_saved_through_the_admins_path_shows_its_related_articles_at_once(client, editor):
    asia = SectionFactory(slug="asia", name="Asia")
    tagged(ArticleFactory(section=asia, headline="Older typhoon story"), "Typhoon")
    article = ArticleFactory(section=SectionFactory(slug="world"), headline="Main story")
    assert related_block(client, article) == ""  # made in bulk: nothing worked out yet

    services.article_set_credits(article=article, by=editor, tags=[Tag.objects.get(name="Typhoon")])

    assert "Older typhoon story" in related_block(client, Article.objects.get(pk=article.pk))


def test_a_related_article_taken_off_the_site_leaves_the_block_at_once_and_the_next_one_takes_its_place(client, editor):
    section = SectionFactory(slug="asia")
    article = tagged(ArticleFactory(section=section, headline="Main story"), "Typhoon")
    for n in range(5):
        when = timezone.now() - datetime.timedelta(hours=n + 1)
        tagged(ArticleFactory(section=section, headline=f"Typhoon story {n}", publish_at=when), "Typhoon")
    call_command("compute_related", verbosity=0)
    assert related_block(client, article).count('class="card"') == 4
    assert "Typhoon story 4" not in related_block(client, article)  # the oldest, fifth

    services.article_unpublish(article=Article.objects.get(headline="Typhoon story 0"), by=editor)

    block = related_block(client, article)
    assert "Typhoon story 0" not in block and "Typhoon story 4" in block


def test_an_article_going_live_enters_its_neighbours_related_blocks(client, editor):
    section = SectionFactory(slug="asia")
    neighbour = tagged(ArticleFactory(section=section, headline="Neighbour"), "Typhoon", "Taiwan")
    tagged(ArticleFactory(section=SectionFactory(slug="world"), headline="Loosely related"), "Typhoon")
    call_command("compute_related", verbosity=0)
    draft = tagged(ArticleFactory(section=section, headline="Fresh typhoon news", status=Status.DRAFT), "Typhoon")
    draft.tags.add("Taiwan")
    assert "Fresh typhoon news" not in related_block(client, neighbour)

    services.article_publish(article=draft, by=editor)

    block = related_block(client, neighbour)
    assert block.index("Fresh typhoon news") < block.index("Loosely related")


def test_a_scheduled_related_article_appears_when_its_time_comes_without_any_work(client):
    section = SectionFactory(slug="asia")
    article = tagged(ArticleFactory(section=section, headline="Main story"), "Typhoon")
    coming = tagged(
        ArticleFactory(section=section, headline="Embargoed", publish_at=timezone.now() + datetime.timedelta(hours=1)),
        "Typhoon",
    )
    call_command("compute_related", verbosity=0)
    assert "Embargoed" not in related_block(client, article)

    Article.objects.filter(pk=coming.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))

    assert "Embargoed" in related_block(client, article)


def test_compute_related_agrees_with_the_save_path_and_a_second_run_changes_nothing():
    sections = [SectionFactory(slug=f"s{n}") for n in range(2)]
    now = timezone.now()
    for n in range(30):
        article = ArticleFactory(
            section=sections[n % 2],
            publish_at=now - datetime.timedelta(days=n * 7),  # some out of each other's 90 days
            status=Status.DRAFT if n % 9 == 0 else Status.PUBLISHED,
        )
        article.tags.add(*[f"Topic {n % k}" for k in (2, 3, 5)])
    ArticleFactory(section=sections[0], publish_at=None, status=Status.DRAFT).tags.add("Topic 0")

    out = io.StringIO()
    call_command("compute_related", "--dry-run", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "Would change the related articles of 31 of 31 articles."
    assert not any(Article.objects.values_list("related_ids", flat=True))

    call_command("compute_related", verbosity=0, stdout=out)
    archive = Archive()
    for article in Article.objects.all():
        assert article.related_ids == related_ids_for(article)
        assert article.related_ids == archive.related_ids_for(article.pk, article.section_id, article.publish_at)

    out = io.StringIO()
    call_command("compute_related", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "Changed the related articles of 0 of 31 articles."


def test_an_edit_from_a_form_opened_earlier_keeps_the_related_list_and_the_corrections(client, editor):
    section = SectionFactory(slug="asia")
    tagged(ArticleFactory(section=section, headline="Neighbour"), "Typhoon")
    article = tagged(ArticleFactory(section=section, headline="Main story"), "Typhoon")
    opened = Article.objects.get(pk=article.pk)  # an editor opens the form
    call_command("compute_related", verbosity=0)
    services.correction_add(article=Article.objects.get(pk=article.pk), by=editor, text="A name was misspelt.")

    opened.headline = "Main story, updated"
    services.article_save(article=opened, by=editor, base_version=opened.version)

    saved = Article.objects.get(pk=article.pk)
    assert saved.correction_count == 1 and saved.related_ids
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "A name was misspelt." in page and "Neighbour" in related_block(client, saved)
