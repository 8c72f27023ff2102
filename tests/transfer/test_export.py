"""export_articles: every article, every field, and a round trip that gives the same bytes."""

import pytest
from django.core.management import call_command

from articles.models import Article, Section, Status
from authors.models import AuthorLink
from media.models import Image
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, ImageFactory
from tests.helpers.exports import empty_the_database, export_files, read_export
from tests.transfer.conftest import run, uploaded_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(files):
    """The demo newsroom, an imported wire, and an archived article with a photographed author."""
    call_command("load_demo", verbosity=0)
    call_command("import_articles", files / "wire.jsonl", verbosity=0)
    author = AuthorFactory(name="Arjun Mehta", slug="arjun-mehta", photo=ImageFactory(title="Arjun Mehta"))
    AuthorLink.objects.create(author=author, label="Mastodon", url="https://example.social/@arjun", position=0)
    archived = ArticleFactory(headline="An archived story", status=Status.ARCHIVED, authors=[author])
    CorrectionFactory(article=archived, text="The date was wrong.")


@pytest.mark.slow
def test_the_round_trip_gives_the_same_export(newsroom, tmp_path, media_root, django_capture_on_commit_callbacks):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run("export_articles", "--output", first).ok
    count = Article.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        empty_the_database()
    assert uploaded_files(media_root) == []

    restored = run("import_articles", first / "articles.jsonl")
    assert restored.ok, restored.output
    assert f"Imported: {count} created, 0 updated, 0 unchanged, 0 failed." in restored.stdout
    assert run("export_articles", "--output", second).ok

    assert export_files(second) == export_files(first)


@pytest.mark.slow
def test_the_export_holds_every_status_and_field(newsroom, tmp_path):
    result = run("export_articles", "--output", tmp_path / "out")

    lines = read_export(tmp_path / "out")
    assert len(lines) == Article.objects.count()
    assert f"Exported {len(lines)} articles and" in result.stdout
    assert {line["status"] for line in lines} == set(Status.values)
    wire = next(line for line in lines if line["import_ref"] == "wire:afp:2025-1001")
    assert wire["view_count"] == 120 and wire["is_featured"] is True
    assert wire["tags"] == ["Interest rates", "Việt Nam"]
    assert wire["corrections"][0]["created_at"] == "2025-11-04T10:00:00+00:00"
    business = Section.objects.get(slug="business")  # the demo's section: an import never edits existing ones
    assert wire["section"] == {
        "slug": "business",
        "name": "Business",
        "description": business.description,
        "position": business.position,
    }
    image = wire["lead_image"]
    assert (image["credit"], image["usage_rights"], image["focal_point"]) == ("AFP", "agency", [0.4, 0.3])
    assert (tmp_path / "out" / image["file"]).read_bytes() == Image.objects.get(
        import_ref="wire:afp:photo:88"
    ).file.read()
    archived = next(line for line in lines if line["status"] == Status.ARCHIVED)
    assert archived["import_ref"] == f"newsroom:article:{Article.objects.get(status=Status.ARCHIVED).pk}"
    (author,) = archived["authors"]
    assert author["links"] == [{"label": "Mastodon", "url": "https://example.social/@arjun"}]
    assert author["photo"]["title"] == "Arjun Mehta"
    assert archived["corrections"][0]["text"] == "The date was wrong."


@pytest.mark.slow
def test_importing_an_export_into_the_same_database_changes_nothing(newsroom, tmp_path):
    run("export_articles", "--output", tmp_path / "out")
    count = Article.objects.count()

    again = run("import_articles", tmp_path / "out" / "articles.jsonl")

    assert again.ok, again.output
    assert f"Imported: 0 created, 0 updated, {count} unchanged, 0 failed." in again.stdout
    assert Article.objects.count() == count


def test_an_export_never_overwrites_a_folder_in_use(tmp_path, db):
    exports = tmp_path / "exports"
    output = exports / "out"
    output.mkdir(parents=True)
    (output / "notes.txt").write_text("keep me")

    result = run("export_articles", "--output", output)

    assert not result.ok and "is not empty: choose a new folder" in result.error
    assert [p.name for p in output.iterdir()] == ["notes.txt"]
    assert [p.name for p in exports.iterdir()] == ["out"]  # no half-written export beside it
    file_instead = exports / "file"
    file_instead.write_text("")
    assert "is a file, not a folder" in run("export_articles", "--output", file_instead).error


def test_an_export_is_quiet_at_verbosity_zero(tmp_path, db):
    result = run("export_articles", "--output", tmp_path / "out", verbosity=0)
    assert result.ok and result.stdout == "" and result.stderr == ""
    assert (tmp_path / "out" / "articles.jsonl").read_text() == ""
