"""Hostile or merely unusual input gets a clear 4xx or form error, never a 500, and leaves nothing behind."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

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
