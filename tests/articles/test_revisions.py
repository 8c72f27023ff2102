"""Revision history: every save is a revision; reverting restores content, never workflow state."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Status
from tests.factories import ArticleFactory
from tests.helpers.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def save_in_admin(client, article, **changes):
    current = Article.objects.get(pk=article.pk)
    data = change_form_data(
        current, publish_at_0=f"{current.publish_at:%Y-%m-%d}", publish_at_1=f"{current.publish_at:%H:%M:%S}", **changes
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_each_admin_save_is_a_revision_that_can_be_compared(editor_client):
    article = ArticleFactory(headline="First headline")
    save_in_admin(editor_client, article, headline="Second headline")
    save_in_admin(editor_client, article, headline="Third headline")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2

    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"version_id1": versions[1].pk, "version_id2": versions[0].pk},
    )
    assert compare.status_code == 200
    page = compare.content.decode()
    assert "Second headline" in page and "Third headline" in page


def test_reverting_restores_the_text_but_not_status_or_views(editor_client, editor):
    article = ArticleFactory(headline="Good headline", body="<p>Good body.</p>", view_count=7)
    save_in_admin(editor_client, article, headline="Good headline")
    save_in_admin(editor_client, article, headline="Bad headline", body="<p>Bad body.</p>")
    good = Version.objects.get_for_object(article)[1]
    Article.objects.filter(pk=article.pk).update(view_count=42)

    url = reverse("admin:articles_article_revision", args=[article.pk, good.pk])
    form = editor_client.get(url)
    assert form.status_code == 200
    assert 'value="Good headline"' in form.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Bad headline"  # opening the form changes nothing

    current = Article.objects.get(pk=article.pk)
    current.headline, current.body = "Good headline", "<p>Good body.</p>"
    response = editor_client.post(
        url,
        change_form_data(
            current,
            publish_at_0=f"{current.publish_at:%Y-%m-%d}",
            publish_at_1=f"{current.publish_at:%H:%M:%S}",
        ),
    )
    assert response.status_code == 302
    reverted = Article.objects.get(pk=article.pk)
    assert (reverted.headline, reverted.body) == ("Good headline", "<p>Good body.</p>")
    assert reverted.status == Status.PUBLISHED and reverted.view_count == 42
    assert reverted.last_edited_by == editor
    assert "Reverted to the version of" in Version.objects.get_for_object(article)[0].revision.comment
