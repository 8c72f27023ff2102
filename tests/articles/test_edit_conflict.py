"""Two editors, one article: the second save is refused, never a silent overwrite."""

import pytest
from django import forms
from django.urls import reverse

from articles import services
from articles.admin import ArticleAdminForm
from articles.models import Article
from tests.factories import ArticleFactory, UserFactory
from tests.helpers.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_the_second_save_is_refused_and_names_who_saved_in_between(client, editor):
    other = UserFactory(username="asha", first_name="Asha", last_name="Rao", role="Editor")
    article = ArticleFactory(headline="Original headline")
    opened = Article.objects.get(pk=article.pk)  # both editors open the form at version `opened.version`
    url = reverse("admin:articles_article_change", args=[article.pk])
    publish_at = {"publish_at_0": f"{opened.publish_at:%Y-%m-%d}", "publish_at_1": f"{opened.publish_at:%H:%M:%S}"}

    client.force_login(other)
    first = client.post(url, change_form_data(opened, headline="Asha's headline", **publish_at))
    assert first.status_code == 302

    client.force_login(editor)
    second = client.post(url, change_form_data(opened, headline="My headline", **publish_at))

    assert second.status_code == 200
    page = second.content.decode()
    assert "Asha Rao saved this article" in page
    assert "Your changes were not saved" in page
    article.refresh_from_db()
    assert article.headline == "Asha's headline"


def test_the_service_refuses_a_stale_version_too(editor):
    article = ArticleFactory()
    stale_version = article.version
    services.article_save(article=Article.objects.get(pk=article.pk), by=editor, base_version=stale_version)

    article.headline = "Overwrite"
    with pytest.raises(services.EditConflict):
        services.article_save(article=article, by=editor, base_version=stale_version)
    assert Article.objects.get(pk=article.pk).headline != "Overwrite"


def test_saving_again_after_reloading_works(editor_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    publish_at = {"publish_at_0": f"{article.publish_at:%Y-%m-%d}", "publish_at_1": f"{article.publish_at:%H:%M:%S}"}
    for headline in ["First edit", "Second edit"]:
        current = Article.objects.get(pk=article.pk)
        response = editor_client.post(url, change_form_data(current, headline=headline, **publish_at))
        assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Second edit"


def test_a_conflict_that_slips_past_the_form_is_refused_without_writing(editor_client, monkeypatch):
    """Another save lands between the form's check and the locked save: a message, not a 500."""
    article = ArticleFactory(headline="Original headline")
    opened = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(version=opened.version + 1)  # someone saved meanwhile
    monkeypatch.setattr(ArticleAdminForm, "clean", forms.ModelForm.clean)  # as if the form's check had passed
    url = reverse("admin:articles_article_change", args=[article.pk])
    publish_at = {"publish_at_0": f"{opened.publish_at:%Y-%m-%d}", "publish_at_1": f"{opened.publish_at:%H:%M:%S}"}

    response = editor_client.post(url, change_form_data(opened, headline="Lost edit", **publish_at), follow=True)

    assert response.status_code == 200
    assert "saved this article" in response.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Original headline"
