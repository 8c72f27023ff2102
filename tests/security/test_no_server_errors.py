"""Hostile or merely unusual input gets a clear 4xx or form error, never a 500, and leaves nothing behind."""

import datetime
import json
import tracemalloc
from io import StringIO

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles import services
from articles.local_times import ZonedDateTimeField
from articles.models import Article, Status
from tests.factories import ArticleFactory
from tests.helpers.admin_forms import change_form_data
from tests.transfer import wxr_factory
from transfer.readers import jsonl
from transfer.readers.shortcodes import render_content

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


# --- date archives at the calendar's ends -----------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/Los_Angeles"])
@pytest.mark.parametrize(
    "path", ["/9999/", "/9999/12/", "/9999/12/31/", "/1/", "/1/01/", "/1/01/01/", "/0/", "/0/01/01/", "/10000/"]
)
def test_an_archive_at_the_ends_of_the_calendar_is_a_404_when_nothing_was_published_then(client, settings, zone, path):
    settings.TIME_ZONE = zone
    response = client.get(path)
    assert response.status_code == 404
    assert Article.objects.count() == 0


@pytest.mark.parametrize("path", ["/1/", "/1/01/", "/1/01/01/"])
def test_an_article_from_the_first_day_of_the_calendar_is_listed_in_kolkata(client, settings, path):
    settings.TIME_ZONE = "Asia/Kolkata"
    article = ArticleFactory(publish_at=datetime.datetime(1, 1, 1, tzinfo=UTC))  # 05:30 in Kolkata
    response = client.get(path)
    assert response.status_code == 200
    assert article.headline in response.text


# --- searches of a thousand words ----------------------------------------------------------------------------

THOUSAND_WORDS = " ".join(f"word{number}" for number in range(1200))
SEARCHABLE = [model for model, model_admin in admin.site._registry.items() if model_admin.search_fields]


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda model: model._meta.label)
def test_an_admin_search_of_1200_words_lists_what_matches_its_first_words(admin_client, model):
    response = admin_client.get(changelist(model), {"q": THOUSAND_WORDS})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_the_article_admin_finds_an_article_by_a_search_of_1200_words(editor_client):
    article = ArticleFactory(headline="Monsoon floods close the port")
    ArticleFactory(headline="Election results")
    response = editor_client.get(changelist(Article), {"q": " ".join(["monsoon", "port"] * 600)})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [article]


def test_an_autocomplete_of_1200_words_answers(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": THOUSAND_WORDS, "app_label": "articles", "model_name": "article", "field_name": "lead_image"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_readers_search_of_1200_words_answers(client):
    ArticleFactory(headline="Monsoon floods close the port")
    response = client.get(reverse("articles:search"), {"q": " ".join(["monsoon"] * 1200)})
    assert response.status_code == 200
    assert "Monsoon floods close the port" in response.text
    assert client.get(reverse("articles:search"), {"q": THOUSAND_WORDS}).status_code == 200


# --- imports of adversarial text -----------------------------------------------------------------------------

ADVERSARIAL_SHORTCODES = {
    "an opening bracket and spaces": lambda size: "[a " + " " * size,
    "unclosed shortcodes": lambda size: "".join(f"[a{number % 97} x=1]" for number in range(size // 10)),
}


@pytest.mark.parametrize("make", ADVERSARIAL_SHORTCODES.values(), ids=ADVERSARIAL_SHORTCODES)
def test_a_million_characters_of_adversarial_shortcodes_render_as_a_thousand_do(make):
    """Read in one pass: going back over the text at every bracket would take 10^12 steps here and never end."""
    html, warnings = render_content(make(1_000_000))
    short_html, short_warnings = render_content(make(1_000))
    assert warnings == short_warnings
    assert html.replace(" ", "") == short_html.replace(" ", "")


def test_a_wordpress_item_of_100000_spaces_after_an_opening_bracket_is_imported(tmp_path, media_root):
    content = "<p>Before.</p>\n\n[a " + " " * 100_000 + "\n\n" + "[b x=1]" * 10_000 + "<p>After.</p>"
    path = tmp_path / "export.xml"
    path.write_text(
        wxr_factory._HEADER
        + wxr_factory._author("jkim", 2)
        + wxr_factory._category("world", 2)
        + wxr_factory._item(
            7,
            post_type="post",
            title="Brackets",
            content=content,
            meta={},
            extra='<category domain="category" nicename="world"><![CDATA[World]]></category>\n',
        )
        + "</channel>\n</rss>\n"
    )
    call_command("import_articles", str(path), "--create-sections", stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    assert article.body.startswith("<p>Before.</p>")
    assert "After." in article.body


def test_a_json_lines_line_over_the_limit_is_refused_without_being_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 64 * 1024)
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        out.write(b"\n")
        out.write(b'{"import_ref": "big", "headline": "Big", "section": "news", "body": "' + b"x" * 20_000_000)
        out.write(b'"}\n')
    with pytest.raises(CommandError, match="1 item failed"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=(errors := StringIO()))
    assert "big.jsonl line 2: the line is longer than 0.0625 MB; not read." in errors.getvalue()
    assert not Article.objects.exists()

    tracemalloc.start()
    try:
        items = list(jsonl.read_jsonl(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [item.location for item in items] == ["big.jsonl line 2"]
    assert peak < 4_000_000, f"{peak:,} bytes held for a 20 MB line"


# --- times at the calendar's ends -----------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_an_article_from_the_first_day_of_the_calendar_has_its_page(client, settings, zone):
    settings.TIME_ZONE = zone
    article = ArticleFactory(publish_at=datetime.datetime(1, 1, 1, tzinfo=UTC))
    ArticleFactory(publish_at=datetime.datetime(1, 2, 1, tzinfo=UTC), section=article.section)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.text


def test_an_import_dated_before_the_calendar_in_the_newsrooms_zone_is_refused_and_stores_nothing(tmp_path, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    path = tmp_path / "old.jsonl"
    line = {"import_ref": "old", "headline": "Old", "section": "news", "publish_at": "0001-01-01T00:00:00"}
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="1 item failed"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=(errors := StringIO()))
    assert "old.jsonl line 1: “publish_at”: '0001-01-01T00:00:00' is not a time between the years 1 and 9999" in (
        errors.getvalue()
    )
    assert not Article.objects.exists()


def test_a_publication_time_past_the_calendar_in_the_newsrooms_zone_is_a_form_error(editor, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=article, by=editor, publish_at=datetime.datetime(9999, 12, 31, 23, tzinfo=UTC))
    assert "between the years 1 and 9999" in str(refused.value.message_dict["publish_at"])
    assert Article.objects.get().status == Status.DRAFT


def test_the_admins_time_field_refuses_a_time_before_the_calendar_in_utc(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    with pytest.raises(ValidationError, match="between the years 1 and 9999"):
        ZonedDateTimeField().clean([datetime.date(1, 1, 1), datetime.time(1, 0), ""])


@pytest.mark.parametrize("field", ["tags", "lead_image", "section"])
def test_an_article_form_naming_a_20_digit_id_is_a_form_error_and_changes_nothing(editor_client, field):
    """A forged admin form naming a tag, picture or section by an id no database column holds (SQLite overflowed)."""
    article = ArticleFactory(headline="Untouched")
    impossible = "9" * 20
    data = change_form_data(article, headline="Changed", **{field: [impossible] if field == "tags" else impossible})
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Untouched"


def test_a_query_for_ids_no_column_can_hold_finds_nothing_and_keeps_the_others():
    article = ArticleFactory()
    assert list(Article.objects.filter(pk__in=[10**20])) == []
    assert list(Article.objects.filter(pk__in=[10**20, article.pk, -(10**20)])) == [article]
