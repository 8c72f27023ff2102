"""Importing JSON Lines: every field arrives, a re-run changes nothing, bad lines are listed and skipped."""

import json
import time
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from PIL import Image as PILImage
from reversion.models import Version

from articles import purge
from articles.models import Article, PurgeLog, Status
from authors.models import Author
from media.models import Image
from tests.transfer.conftest import run, uploaded_files

pytestmark = pytest.mark.django_db


def test_every_field_of_a_json_lines_article_arrives(files, media_root):
    result = run("import_articles", files / "wire.jsonl")

    assert result.ok, result.output
    assert "Imported: 3 created, 0 updated, 0 unchanged, 0 failed." in result.stdout
    article = Article.objects.get(import_ref="wire:afp:2025-1001")
    assert article.headline == "Vietnam’s central bank holds rates as exports surge"
    assert article.slug == "vietnam-central-bank-holds-rates"
    assert article.standfirst.startswith("The State Bank of Vietnam kept")
    assert article.status == Status.PUBLISHED
    assert article.publish_at == datetime(2025, 11, 3, 1, 15, tzinfo=UTC)
    assert article.first_published_at == article.publish_at
    assert article.created_at == datetime(2025, 11, 2, 23, 0, tzinfo=UTC)
    assert article.significantly_updated_at == datetime(2025, 11, 3, 5, 40, tzinfo=UTC)
    assert article.is_featured
    assert article.seo_title == "Vietnam holds rates as exports surge"
    assert article.seo_description == "Policy rate unchanged at 4.5%."
    assert article.view_count == 120
    # Sanitized like editor input: no script, no event handler, no javascript: link.
    assert "<script" not in article.body and "onclick" not in article.body and "javascript:" not in article.body
    assert "<strong>14%</strong>" in article.body
    assert (article.section.slug, article.section.name, article.section.position) == ("business", "Business", 2)
    assert article.section.description == "Markets, companies and the economy."
    assert sorted(article.tags.names()) == ["Interest rates", "Việt Nam"]
    assert [c.text for c in article.corrections.all()] == [
        "An earlier version gave the export growth as 41%. It was 14%."
    ]
    assert article.corrections.get().created_at == datetime(2025, 11, 4, 10, 0, tzinfo=UTC)

    (author,) = article.byline_authors
    assert (author.name, author.slug, author.role) == ("Mei Lin Tan", "mei-lin-tan", "Economics correspondent")
    assert author.bio.startswith("Mei Lin Tan covers")
    assert [(link.label, link.url) for link in author.links.all()] == [("Website", "https://example.org/mei-lin-tan")]

    image = article.lead_image
    assert image.import_ref == "wire:afp:photo:88"
    assert (image.title, image.credit, image.usage_rights) == ("Hai Phong container port", "AFP", "agency")
    assert image.alt_text == "Cranes load containers onto a ship at Hai Phong port"
    assert image.caption == "Containers at Hai Phong port, October 2025."
    assert image.disclaimer == "This image is taken from AFP."
    assert image.source_url == "https://example.org/photos/88"
    assert image.rights_expire_at == datetime(2036, 11, 3, tzinfo=UTC)
    assert image.focal_point == (0.4, 0.3)
    assert (image.width, image.height) == (1600, 1000)
    with image.file.open("rb") as stored, PILImage.open(stored) as picture:
        assert picture.size == (1600, 1000)
    assert image.renditions.count() > 0  # readers get renditions, never the original

    draft = Article.objects.get(import_ref="wire:afp:2025-1002")
    assert draft.status == Status.DRAFT and draft.publish_at is None
    assert draft.slug == "mekong-delta-farmers-turn-to-salt-tolerant-rice"
    assert draft.byline_authors == [author]  # "mei-lin-tan" refers to the author the first line defined

    scheduled = Article.objects.get(import_ref="wire:afp:2025-1003")
    assert scheduled in Article.objects.scheduled()
    assert scheduled not in Article.objects.published()
    assert scheduled.first_published_at == scheduled.publish_at  # as when scheduled in the admin
    assert scheduled.section.slug == "world"


def test_the_imported_article_is_on_the_site(files, client):
    run("import_articles", files / "wire.jsonl")
    article = Article.objects.get(import_ref="wire:afp:2025-1001")

    page = client.get(article.get_absolute_url())

    assert page.status_code == 200
    assert "Vietnam’s central bank holds rates as exports surge" in page.text
    assert "This image is taken from AFP." in page.text
    assert client.get(Article.objects.get(import_ref="wire:afp:2025-1003").get_absolute_url()).status_code == 404


def test_running_the_same_import_again_changes_nothing(files, media_root):
    run("import_articles", files / "wire.jsonl")
    before = {a.import_ref: (a.version, a.updated_at) for a in Article.objects.all()}
    stored = uploaded_files(media_root)
    purges = PurgeLog.objects.count()
    versions = Version.objects.count()

    again = run("import_articles", files / "wire.jsonl")

    assert again.ok, again.output
    assert "Imported: 0 created, 0 updated, 3 unchanged, 0 failed." in again.stdout
    assert {a.import_ref: (a.version, a.updated_at) for a in Article.objects.all()} == before
    assert (Article.objects.count(), Author.objects.count(), Image.objects.count()) == (3, 1, 1)
    assert uploaded_files(media_root) == stored
    assert PurgeLog.objects.count() == purges  # the page cache is kept
    assert Version.objects.count() == versions


def test_a_changed_line_updates_its_article_and_nothing_else(files):
    run("import_articles", files / "wire.jsonl")
    lines = (files / "wire.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    first["headline"] = "Vietnam holds rates; exports up 14%"
    first["tags"] = ["Việt Nam"]
    first["view_count"] = 5  # counts are never rolled back by a re-import
    lines[0] = json.dumps(first, ensure_ascii=False)
    (files / "wire.jsonl").write_text("\n".join(lines) + "\n")
    version = Article.objects.get(import_ref="wire:afp:2025-1001").version

    result = run("import_articles", files / "wire.jsonl")

    assert "Imported: 0 created, 1 updated, 2 unchanged, 0 failed." in result.stdout
    article = Article.objects.get(import_ref="wire:afp:2025-1001")
    assert article.headline == "Vietnam holds rates; exports up 14%"
    assert list(article.tags.names()) == ["Việt Nam"]
    assert article.view_count == 120
    assert article.version == version + 1  # an editor with it open is warned of the change
    assert Version.objects.get_for_object(article).count() == 2


def test_a_dry_run_reports_and_writes_nothing(files, media_root):
    result = run("import_articles", files / "wire.jsonl", "--dry-run")

    assert result.ok, result.output
    assert "Dry run, nothing was written. It would have imported: 3 created" in result.stdout
    assert (Article.objects.count(), Author.objects.count(), Image.objects.count()) == (0, 0, 0)
    assert uploaded_files(media_root) == []


def test_bad_lines_are_listed_and_the_good_ones_land(files, media_root):
    good = (files / "wire.jsonl").read_text().splitlines()
    bad = [
        '{"import_ref": "wire:1", "headline": "Broken", ',
        json.dumps({"import_ref": "wire:2", "section": "world"}),
        json.dumps({"import_ref": "wire:3", "headline": "When?", "section": "world", "publish_at": "last Tuesday"}),
        json.dumps({"import_ref": "wire:4", "headline": "Who?", "section": "world", "authors": ["Nobody Known"]}),
        json.dumps({"import_ref": "wire:5", "headline": "Where?", "section": "sport"}),
        json.dumps(
            {
                "import_ref": "wire:6",
                "headline": "Lost picture",
                "section": "world",
                "lead_image": {"file": "images/missing.jpg", "alt_text": "x"},
            }
        ),
        json.dumps({"import_ref": "wire:7", "headline": "Same address", "section": "world",
                    "slug": "vietnam-central-bank-holds-rates"}),
    ]  # fmt: skip
    (files / "images" / "not-a-picture.jpg").write_text("this is text, not a JPEG")
    bad.append(
        json.dumps(
            {
                "import_ref": "wire:8",
                "headline": "Fake picture",
                "section": "world",
                "lead_image": {"file": "images/not-a-picture.jpg", "alt_text": "x"},
            }
        )
    )
    (files / "mixed.jsonl").write_text("\n".join([good[0], good[1], *bad, good[2]]) + "\n")

    result = run("import_articles", files / "mixed.jsonl")

    assert not result.ok
    assert "8 items failed (listed above); the others were imported." in result.error
    assert "Imported: 3 created, 0 updated, 0 unchanged, 8 failed." in result.stdout
    messages = result.stderr
    assert "mixed.jsonl line 3: not valid JSON" in messages
    assert "mixed.jsonl line 4: Missing required field “headline”." in messages
    assert "mixed.jsonl line 5: “publish_at”: 'last Tuesday' is not a date" in messages
    assert "mixed.jsonl line 6: unknown author “Nobody Known”" in messages
    assert "mixed.jsonl line 7: unknown section “sport”: map it to an existing one with --section-map" in messages
    assert "mixed.jsonl line 8: image file not found:" in messages and "missing.jpg" in messages
    assert "mixed.jsonl line 9: the slug “vietnam-central-bank-holds-rates” is already used" in messages
    assert "mixed.jsonl line 10: not-a-picture.jpg: This file is not a readable image" in messages
    assert set(Article.objects.values_list("import_ref", flat=True)) == {
        "wire:afp:2025-1001",
        "wire:afp:2025-1002",
        "wire:afp:2025-1003",
    }
    assert Image.objects.count() == 1
    # Only the good picture and its renditions are stored: the bad items left no file behind.
    stored = uploaded_files(media_root)
    assert len([name for name in stored if name.startswith("images/")]) == 1


def test_stop_on_error_stops_at_the_first_bad_item(files):
    good = (files / "wire.jsonl").read_text().splitlines()
    bad = json.dumps({"import_ref": "wire:9", "headline": "No section"})
    (files / "stop.jsonl").write_text("\n".join([good[0], bad, good[1]]) + "\n")

    result = run("import_articles", files / "stop.jsonl", "--stop-on-error")

    assert not result.ok
    assert "Stopped at the first bad item (stop.jsonl line 2)" in result.error
    assert list(Article.objects.values_list("import_ref", flat=True)) == ["wire:afp:2025-1001"]


def test_an_item_that_fails_after_its_picture_was_stored_leaves_no_file(files, media_root):
    line = json.loads((files / "wire.jsonl").read_text().splitlines()[0])
    line["seo_title"] = "x" * 200  # longer than the field allows: refused by the model, after the image was saved
    (files / "long.jsonl").write_text(json.dumps(line) + "\n")

    result = run("import_articles", files / "long.jsonl")

    assert not result.ok
    assert "seo_title: Ensure this value has at most 70 characters" in result.stderr
    assert (Article.objects.count(), Image.objects.count(), Author.objects.count()) == (0, 0, 0)
    assert uploaded_files(media_root) == []


def test_sections_can_be_mapped_or_created(files):
    from articles.models import Section

    Section.objects.create(name="Asia", slug="asia")
    (files / "sport.jsonl").write_text(
        json.dumps({"import_ref": "w:1", "headline": "Cricket", "section": "sport"})
        + "\n"
        + json.dumps({"import_ref": "w:2", "headline": "Golf", "section": "Leisure"})
        + "\n"
    )

    mapped = run("import_articles", files / "sport.jsonl", "--section-map", "sport=asia", "--create-sections")

    assert mapped.ok, mapped.output
    assert Article.objects.get(import_ref="w:1").section.slug == "asia"
    assert Article.objects.get(import_ref="w:2").section.name == "Leisure"
    assert run("import_articles", files / "sport.jsonl", "--section-map", "sport=nowhere").error == (
        "--section-map 'sport=nowhere': there is no section with the slug 'nowhere'."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.jsonl"], "nowhere.jsonl does not exist."),
        (["wire.jsonl", "--user", "ghost"], "--user 'ghost': there is no such user."),
        (["wire.jsonl", "--media-dir", "nowhere"], "is not a folder."),
        (["wire.jsonl", "--section-map", "sport"], "write it as SOURCE=SECTION"),
    ],
)
def test_bad_arguments_are_clear_errors(files, monkeypatch, args, message):
    monkeypatch.chdir(files)
    result = run("import_articles", *args)
    assert not result.ok and message in result.error
    assert Article.objects.count() == 0


def test_verbosity_zero_prints_only_errors(files):
    quiet = run("import_articles", files / "wire.jsonl", verbosity=0)
    assert quiet.ok and quiet.stdout == "" and quiet.stderr == ""


def test_the_importing_user_is_recorded(files, editor):
    run("import_articles", files / "wire.jsonl", "--user", "editor")
    article = Article.objects.get(import_ref="wire:afp:2025-1001")
    assert article.created_by == editor and article.last_edited_by == editor
    revision = Version.objects.get_for_object(article).get().revision
    assert revision.user == editor and revision.comment == "Imported from wire.jsonl."
    assert timezone.now() > article.updated_at


def test_readers_see_an_import_at_once_though_pages_are_cached(files, client):
    from tests.factories import ArticleFactory

    ArticleFactory(headline="Already on the home page")
    assert "Already on the home page" in client.get("/").text  # now in the page cache
    purges = PurgeLog.objects.count()

    run("import_articles", files / "wire.jsonl")

    assert "Vietnam’s central bank holds rates as exports surge" in client.get("/").text
    # One purge per imported live article, not one per row each of them writes; the scheduled one purges nothing.
    assert PurgeLog.objects.count() == purges + 2


def wire_lines(numbers):
    return "".join(
        json.dumps(
            {
                "import_ref": f"wire:{n}",
                "headline": f"Story {n}",
                "section": {"slug": "world", "name": "World"},
                "status": "published",
                "publish_at": "2025-01-01T00:00:00Z",
                "authors": [{"slug": "a", "name": "A"}, {"slug": "b", "name": "B"}],
                "tags": ["Japan", "japan", "Trade", f"Topic {n % 2}"],
            }
        )
        + "\n"
        for n in numbers
    )


def test_each_imported_article_costs_the_same_few_queries(tmp_path, settings, monkeypatch):
    # The page cache's timed look at the purge log (every 2 s) would land inside a slow run's count.
    settings.PAGE_CACHE_CHECK_SECONDS = 3600
    monkeypatch.setattr(purge.state, "next_poll", time.monotonic() + 3600)
    (tmp_path / "first.jsonl").write_text(wire_lines(range(2)))
    (tmp_path / "three.jsonl").write_text(wire_lines(range(10, 13)))
    (tmp_path / "nine.jsonl").write_text(wire_lines(range(20, 29)))
    run("import_articles", tmp_path / "first.jsonl")  # sections, authors and tags exist from here on
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        run("import_articles", tmp_path / "three.jsonl")
    with CaptureQueriesContext(connection) as nine:
        run("import_articles", tmp_path / "nine.jsonl")

    per_article = (len(nine) - len(three)) / 6
    assert per_article <= 20  # of which 3 purge its listings: its tags and byline read, a purge logged
    # Besides that, a run looks up its sections, authors and tags once, whatever its size, and works out
    # the related articles of all at once (compute_related) and purges the pages whose block changed.
    assert len(three) - 3 * per_article <= 16
    assert sorted(Article.objects.get(import_ref="wire:20").tags.names()) == ["Japan", "Topic 0", "Trade"]
