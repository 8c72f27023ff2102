"""An article taken down for good answers 410 Gone with the reason, not "page not found"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles import services
from articles.models import Status
from redirects.models import Redirect
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

REASON = "This article was removed on the order of the High Court."


def test_an_editor_takes_an_article_down_from_the_list_with_a_reason(editor_client, client):
    article = ArticleFactory(slug="disputed-report")
    address = article.get_absolute_url()
    chosen = editor_client.post(
        "/admin/articles/article/", {"action": "take_down", "_selected_action": [article.pk]}, follow=True
    )
    assert "disputed-report" in chosen.content.decode()

    done = editor_client.post("/admin/articles/article/take-down/", {"reason": REASON}, follow=True)
    assert "1 article(s) taken down" in done.content.decode()

    client.logout()
    response = client.get(address)
    assert response.status_code == 410
    page = response.content.decode()
    assert REASON in page and "This page has been removed" in page
    assert response["Cache-Control"].startswith("private")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_reason_is_required(editor_client):
    article = ArticleFactory()
    editor_client.post("/admin/articles/article/", {"action": "take_down", "_selected_action": [article.pk]})
    response = editor_client.post("/admin/articles/article/take-down/", {"reason": "  "})

    assert response.status_code == 200 and "This field is required" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and not Redirect.objects.exists()


def test_an_article_never_published_cannot_be_taken_down(editor):
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)
    with pytest.raises(ValidationError, match="never published"):
        services.article_take_down(article=draft, by=editor, reason=REASON)
    assert not Redirect.objects.exists()


def test_a_reporter_cannot_take_an_article_down(reporter, reporter_client):
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        services.article_take_down(article=article, by=reporter, reason=REASON)
    assert reporter_client.get("/admin/articles/article/take-down/").status_code == 403
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and not Redirect.objects.exists()


def test_publishing_it_again_brings_its_address_back(editor, client):
    article = ArticleFactory(slug="reinstated")
    services.article_take_down(article=article, by=editor, reason=REASON)
    assert client.get(article.get_absolute_url()).status_code == 410

    services.article_publish(article=article, by=editor)

    assert client.get(article.get_absolute_url()).status_code == 200
    assert not Redirect.objects.exists()


def test_a_410_from_the_manager_says_its_reason_for_any_address(client):
    Redirect.objects.create(old_path="/old-investigation/", status=410, reason="Withdrawn at the source's request.")

    response = client.get("/old-investigation/")
    assert response.status_code == 410 and "Withdrawn at the source" in response.content.decode()
