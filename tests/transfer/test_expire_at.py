"""An article's expire_at (scheduled unpublish) goes through an export and its import; a bad one is refused alone."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section
from authors.models import Author
from media.models import Image
from tests.factories import ArticleFactory
from tests.helpers.exports import empty_the_database, export_files, read_export
from tests.transfer.conftest import make_jpeg, run, uploaded_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring():
    """One article that leaves the site in a week, one that already has, one that never will."""
    now = timezone.now()
    return {
        "week": ArticleFactory(headline="Offer ends Sunday", expire_at=now + timedelta(days=7)),
        "gone": ArticleFactory(
            headline="Road closed today",
            publish_at=now - timedelta(days=3),
            first_published_at=now - timedelta(days=3),
            expire_at=now - timedelta(days=1),
        ),
        "lasting": ArticleFactory(headline="A lasting story"),
    }


def test_the_export_gives_each_articles_expiry(expiring, tmp_path):
    run("export_articles", "--output", tmp_path / "out")

    lines = {line["headline"]: line for line in read_export(tmp_path / "out")}
    assert lines["Offer ends Sunday"]["expire_at"] == expiring["week"].expire_at.astimezone(UTC).isoformat()
    assert lines["Road closed today"]["expire_at"] == expiring["gone"].expire_at.astimezone(UTC).isoformat()
    assert lines["A lasting story"]["expire_at"] is None


def test_an_export_imported_into_an_empty_site_keeps_the_expiry_and_exports_the_same_bytes(expiring, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    expiries = {article.headline: article.expire_at for article in expiring.values()}
    assert run("export_articles", "--output", first).ok
    empty_the_database()

    restored = run("import_articles", first / "articles.jsonl")

    assert restored.ok, restored.output
    assert dict(Article.objects.values_list("headline", "expire_at")) == expiries
    # The expiry works on the restored site: the article already gone stays gone.
    assert set(Article.objects.published().values_list("headline", flat=True)) == {
        "Offer ends Sunday",
        "A lasting story",
    }
    assert run("export_articles", "--output", second).ok
    assert export_files(second) == export_files(first)
    again = run("import_articles", first / "articles.jsonl")
    assert "0 created, 0 updated, 3 unchanged" in again.stdout, again.output


def test_a_changed_or_removed_expiry_updates_the_article_on_reimport(expiring, tmp_path):
    run("export_articles", "--output", tmp_path / "out")
    path = tmp_path / "out" / "articles.jsonl"
    lines = read_export(tmp_path / "out")
    for line in lines:
        if line["headline"] == "Offer ends Sunday":
            line["expire_at"] = "2099-01-01T00:00:00Z"
        elif line["headline"] == "Road closed today":
            line["expire_at"] = None  # back on the site
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = run("import_articles", path)

    assert "0 created, 2 updated, 1 unchanged" in result.stdout, result.output
    expiring["week"].refresh_from_db()
    expiring["gone"].refresh_from_db()
    assert expiring["week"].expire_at == datetime(2099, 1, 1, tzinfo=UTC)
    assert expiring["gone"].expire_at is None
    assert Article.objects.published().filter(pk=expiring["gone"].pk).exists()


def test_a_bad_expiry_is_reported_for_its_item_and_nothing_of_it_is_written(files, media_root):
    good = (files / "wire.jsonl").read_text().splitlines()
    make_jpeg(files / "images" / "closed-road.jpg")

    def item(number, **values):
        return json.dumps(
            {
                "import_ref": f"wire:expiry:{number}",
                "headline": f"Bad expiry {number}",
                "status": "published",
                "publish_at": "2025-11-03T08:15:00+07:00",
                "section": {"slug": "traffic", "name": "Traffic"},
                "authors": [{"slug": f"reporter-{number}", "name": f"Reporter {number}"}],
                "lead_image": {
                    "import_ref": f"wire:expiry:photo:{number}",
                    "file": "images/closed-road.jpg",
                    "alt_text": "A closed road",
                },
                **values,
            }
        )

    bad = [
        item(1, expire_at="next Sunday"),
        item(2, expire_at="2025-11-02T09:00:00Z"),  # before publish_at
        item(3, expire_at="2025-11-03T01:15:00Z"),  # the same instant as publish_at
    ]
    (files / "expiry.jsonl").write_text("\n".join([good[0], *bad, good[1]]) + "\n")

    result = run("import_articles", files / "expiry.jsonl")

    assert not result.ok
    assert "Imported: 2 created, 0 updated, 0 unchanged, 3 failed." in result.stdout
    messages = result.stderr
    assert "expiry.jsonl line 2: “expire_at”: 'next Sunday' is not a date" in messages
    assert (
        "expiry.jsonl line 3: “expire_at”: 2025-11-02T09:00:00+00:00 is not after “publish_at” "
        "(2025-11-03T08:15:00+07:00)" in messages
    )
    assert "expiry.jsonl line 4: “expire_at”: 2025-11-03T01:15:00+00:00 is not after “publish_at”" in messages
    assert set(Article.objects.values_list("import_ref", flat=True)) == {"wire:afp:2025-1001", "wire:afp:2025-1002"}
    assert not Section.objects.filter(slug="traffic").exists()
    assert not Author.objects.filter(slug__startswith="reporter-").exists()
    assert list(Image.objects.values_list("import_ref", flat=True)) == ["wire:afp:photo:88"]
    stored = [name for name in uploaded_files(media_root) if name.startswith("images/")]
    assert len(stored) == 1 and "closed-road" not in stored[0]
