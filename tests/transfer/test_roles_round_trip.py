"""An export and its import carry byline roles and correction kinds: nothing falls back to "reporter"/"correction"."""

import json

import pytest

from articles.models import Article, Byline, BylineRole, CorrectionKind
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory
from tests.helpers.exports import empty_the_database, export_files, read_export
from tests.transfer.conftest import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = ArticleFactory(headline="Typhoon reaches Taipei")
    for position, (name, role) in enumerate(
        [("Mei Lin", BylineRole.REPORTER), ("Kenji Sato", BylineRole.PHOTOGRAPHER)]
    ):
        author = AuthorFactory(name=name, slug=name.lower().replace(" ", "-"))
        Byline.objects.create(article=article, author=author, position=position, role=role)
    CorrectionFactory(article=article, kind=CorrectionKind.EDITORS_NOTE, text="The reporter lives in Taipei.")
    CorrectionFactory(article=article, kind=CorrectionKind.UPDATE, text="The typhoon has passed.")
    return article


def test_the_export_names_each_contributors_role_and_each_corrections_kind(story, tmp_path):
    run("export_articles", "--output", tmp_path / "out")

    (line,) = read_export(tmp_path / "out")
    assert [(author["name"], author["byline_role"]) for author in line["authors"]] == [
        ("Mei Lin", "reporter"),
        ("Kenji Sato", "photographer"),
    ]
    assert [correction["kind"] for correction in line["corrections"]] == ["editors_note", "update"]


def test_an_export_imported_into_an_empty_site_gives_back_the_roles_and_kinds(story, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run("export_articles", "--output", first).ok
    empty_the_database()

    restored = run("import_articles", first / "articles.jsonl")

    assert restored.ok, restored.output
    article = Article.objects.get()
    assert list(article.bylines.values_list("author__name", "role")) == [
        ("Mei Lin", "reporter"),
        ("Kenji Sato", "photographer"),
    ]
    assert list(article.corrections.values_list("kind", "text")) == [
        ("editors_note", "The reporter lives in Taipei."),
        ("update", "The typhoon has passed."),
    ]
    assert run("export_articles", "--output", second).ok
    assert export_files(second) == export_files(first)
    again = run("import_articles", first / "articles.jsonl")
    assert "0 created, 0 updated, 1 unchanged" in again.stdout


def test_a_changed_role_updates_the_article_on_reimport(story, tmp_path):
    run("export_articles", "--output", tmp_path / "out")
    path = tmp_path / "out" / "articles.jsonl"
    (line,) = read_export(tmp_path / "out")
    line["authors"][1]["byline_role"] = "Translator"  # as an editor would write it
    line["corrections"][0]["kind"] = "retraction"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = run("import_articles", path)

    assert "0 created, 1 updated" in result.stdout, result.output
    assert list(story.bylines.values_list("role", flat=True)) == ["reporter", "translator"]
    assert list(story.corrections.values_list("kind", flat=True)) == ["retraction", "update"]


def test_an_unknown_role_or_kind_is_reported_with_its_field(story, tmp_path):
    run("export_articles", "--output", tmp_path / "out")
    path = tmp_path / "out" / "articles.jsonl"
    (line,) = read_export(tmp_path / "out")
    line["authors"][0]["byline_role"] = "ghostwriter"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = run("import_articles", path)

    assert not result.ok
    assert "“authors.byline_role”: 'ghostwriter' is not one of reporter, photographer, editor, translator." in (
        result.output
    )
