"""Writers at the same instant on PostgreSQL: nothing lost, nothing done twice, no 500.

Real threads, each with its own database connection, released together by a barrier.
SQLite serialises writers on one file lock, so these races exist only on PostgreSQL, where CI
runs this module (the concurrent view beacons are tests/articles/test_view_counter.py).
"""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client

from articles import services
from articles.models import Article, Status
from articles.services import EditConflict
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="writers race only on PostgreSQL"),
]


def together(count, work):
    """Run work(n) in `count` threads released at once; each result, or the exception it raised."""
    start = Barrier(count)

    def run(n):
        try:
            start.wait()
            return work(n)
        except Exception as error:  # noqa: BLE001 (the outcome under test)
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def editor(db):
    # The flush after each transactional test removes the migration's groups: a superuser may do all.
    return UserFactory(username="editor", is_superuser=True)


def test_two_editors_saving_at_once_lose_no_text(editor):
    article = ArticleFactory(status=Status.DRAFT, headline="First headline")
    second_editor = UserFactory(username="second", is_superuser=True)
    version = article.version

    def save(n):
        copy = Article.objects.get(pk=article.pk)
        copy.headline = f"Headline by editor {n}"
        return services.article_save(article=copy, by=[editor, second_editor][n], base_version=version)

    outcomes = together(2, save)

    saved = [outcome for outcome in outcomes if isinstance(outcome, Article)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, EditConflict)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert "after you opened it" in refused[0].messages[0]  # told, so they can redo their change
    assert Article.objects.get(pk=article.pk).headline == saved[0].headline


def test_two_publishes_of_one_article_publish_it_once(editor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)

    def publish(n):
        return services.article_publish(article=Article.objects.get(pk=article.pk), by=editor)

    outcomes = together(4, publish)

    published = [outcome for outcome in outcomes if isinstance(outcome, Article)]
    assert len(published) == 1, outcomes
    assert all(isinstance(outcome, EditConflict) for outcome in outcomes if outcome not in published)
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Status.PUBLISHED
    assert stored.first_published_at == published[0].first_published_at
    assert stored.version == article.version + 1


def test_articles_created_at_once_with_one_headline_get_distinct_slugs(editor):
    section = SectionFactory(slug="world")

    def create(n):
        return services.article_save(article=Article(headline="Taiwan talks resume", section=section), by=editor)

    outcomes = together(4, create)

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "taiwan-talks-resume",
        "taiwan-talks-resume-2",
        "taiwan-talks-resume-3",
        "taiwan-talks-resume-4",
    ]


def test_readers_during_a_publish_get_pages_not_errors(editor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)

    def work(n):
        if n == 0:
            return services.article_publish(article=Article.objects.get(pk=article.pk), by=editor)
        return Client().get("/").status_code

    outcomes = together(6, work)

    assert isinstance(outcomes[0], Article)
    assert outcomes[1:] == [200] * 5
