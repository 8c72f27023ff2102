"""An import writes articles through articles.services, as the admin does: what that path does, an import does.

It keeps the source's dates and asks no edit form, but it stamps the review queue's time, moves the version
and leaves one revision per article that holds its byline."""

import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Byline, Status
from tests.transfer.conftest import run

pytestmark = pytest.mark.django_db


def item(ref, **fields):
    return {
        "import_ref": ref,
        "headline": f"Story {ref}",
        "section": {"slug": "world", "name": "World"},
        "status": "published",
        "publish_at": "2025-06-01T08:00:00Z",
        "created_at": "2025-06-01T06:00:00Z",
        "authors": [{"slug": "mei-lin", "name": "Mei Lin"}, {"slug": "kenji-sato", "name": "Kenji Sato"}],
        "tags": ["Japan", "Trade"],
        "corrections": [{"text": "An earlier version misspelt a name.", "created_at": "2025-06-02T10:00:00Z"}],
        **fields,
    }


def write(path, *items):
    path.write_text("".join(json.dumps(entry) + "\n" for entry in items))
    return path


def test_an_imported_article_in_review_waits_in_the_review_queue_from_its_import(tmp_path):
    before = timezone.now()
    result = run("import_articles", write(tmp_path / "wire.jsonl", item("r1", status="review", publish_at=None)))

    assert result.ok, result.output
    article = Article.objects.get(import_ref="r1")
    assert article.status == Status.IN_REVIEW
    assert article.submitted_at is not None and before <= article.submitted_at <= timezone.now()


def test_an_import_keeps_the_sources_dates(tmp_path):
    run("import_articles", write(tmp_path / "wire.jsonl", item("d1")))

    article = Article.objects.get(import_ref="d1")
    assert article.created_at == datetime(2025, 6, 1, 6, 0, tzinfo=UTC)
    assert article.publish_at == article.first_published_at == datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    assert article.corrections.get().created_at == datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    assert article.significantly_updated_at is None


def test_an_import_leaves_one_revision_with_the_byline_and_moves_the_version(tmp_path, editor):
    run("import_articles", write(tmp_path / "wire.jsonl", item("v1")), "--user", "editor")
    article = Article.objects.get(import_ref="v1")
    (version,) = Version.objects.get_for_object(article)
    revision = version.revision
    assert (revision.user, revision.comment) == (editor, "Imported from wire.jsonl.")
    in_revision = {byline.object_id for byline in revision.version_set.filter(content_type__model="byline")}
    assert in_revision == {str(pk) for pk in article.bylines.values_list("pk", flat=True)}
    first_version = article.version

    changed = item("v1", authors=[{"slug": "kenji-sato", "name": "Kenji Sato"}], tags=["Japan"])
    run("import_articles", write(tmp_path / "changed.jsonl", changed), "--user", "editor")

    article.refresh_from_db()
    assert article.version == first_version + 1
    latest = Version.objects.get_for_object(article).first().revision
    assert Version.objects.get_for_object(article).count() == 2 and latest.comment == "Imported from changed.jsonl."
    (byline,) = Byline.objects.filter(article=article)
    assert byline.author.name == "Kenji Sato"
    assert {version.object_id for version in latest.version_set.filter(content_type__model="byline")} == {
        str(byline.pk)
    }
    assert list(article.tags.names()) == ["Japan"]


def test_importing_the_same_file_again_writes_nothing(tmp_path):
    path = write(tmp_path / "wire.jsonl", item("i1"), item("i2", status="review", publish_at=None))
    run("import_articles", path)
    stored = {a.import_ref: (a.version, a.updated_at, a.submitted_at) for a in Article.objects.all()}
    versions = Version.objects.count()

    again = run("import_articles", path)

    assert "Imported: 0 created, 0 updated, 2 unchanged, 0 failed." in again.stdout
    assert {a.import_ref: (a.version, a.updated_at, a.submitted_at) for a in Article.objects.all()} == stored
    assert Version.objects.count() == versions
