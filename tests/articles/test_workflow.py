"""Draft → review → published, and who may do what: enforced on the server."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Correction, Status
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.articles import new_draft

pytestmark = pytest.mark.django_db


def test_a_reporter_writes_a_draft_and_submits_it_for_review(reporter):
    article = new_draft(reporter)
    assert article.slug == "monsoon-arrives-early"
    assert article.created_by == reporter and article.version == 1

    services.article_submit_for_review(article=article, by=reporter)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not Article.objects.published().exists()


def test_a_reporter_cannot_publish_through_the_service(reporter):
    article = new_draft(reporter)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, by=reporter)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_reporters_direct_post_that_sets_published_is_refused(reporter_client, reporter):
    article = new_draft(reporter)
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = reporter_client.post(url, change_form_data(article, status=Status.PUBLISHED))

    assert response.status_code == 200
    assert "You do not have permission to publish" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Article.objects.published().exists()


def test_a_reporters_direct_post_of_the_publish_action_is_refused(reporter_client, reporter):
    article = new_draft(reporter)
    response = reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_the_publish_action_is_not_offered_to_reporters(reporter_client, reporter):
    new_draft(reporter)
    response = reporter_client.get(reverse("admin:articles_article_changelist"))
    assert 'value="submit_for_review"' in response.content.decode()
    assert 'value="publish"' not in response.content.decode()


def test_an_editor_publishes_with_the_admin_action(editor_client, editor, reporter):
    article = new_draft(reporter)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "1 article(s) published" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.first_published_at == article.publish_at
    assert article.last_edited_by == editor
    assert Article.objects.published().get() == article


def test_an_editor_schedules_and_the_article_stays_hidden_until_then(editor):
    article = new_draft(editor)
    when = timezone.now() + datetime.timedelta(days=1)
    services.article_schedule(article=article, by=editor, publish_at=when)
    assert Article.objects.scheduled().get() == article
    assert not Article.objects.published().exists()

    with pytest.raises(ValidationError):
        services.article_schedule(article=article, by=editor, publish_at=timezone.now() - datetime.timedelta(hours=1))


def test_unpublishing_a_scheduled_article_forgets_a_publication_that_never_happened(editor):
    article = new_draft(editor)
    services.article_schedule(article=article, by=editor, publish_at=timezone.now() + datetime.timedelta(days=1))
    services.article_unpublish(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.first_published_at is None


def test_republishing_keeps_the_original_publication_date(editor):
    article = ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=3))
    original = article.publish_at
    services.article_unpublish(article=article, by=editor)
    services.article_publish(article=Article.objects.get(pk=article.pk), by=editor)
    article.refresh_from_db()
    assert article.publish_at == original


def test_a_reporter_cannot_edit_someone_elses_article_or_a_published_one(reporter, editor):
    theirs = new_draft(editor)
    assert not services.can_edit(reporter, theirs)

    own = new_draft(reporter)
    assert services.can_edit(reporter, own)
    services.article_publish(article=own, by=editor)
    assert not services.can_edit(reporter, own)


def test_a_reporter_named_in_the_byline_may_edit_the_draft(reporter, editor):
    article = new_draft(editor)
    article.bylines.create(author=AuthorFactory(user=reporter), position=0)
    assert services.can_edit(reporter, article)


def test_a_reporters_post_to_someone_elses_article_changes_nothing(reporter_client, editor):
    article = new_draft(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    reporter_client.post(url, change_form_data(article, headline="Hijacked"))
    article.refresh_from_db()
    assert article.headline == "Monsoon arrives early"


def test_only_editors_add_corrections(editor, reporter):
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        services.correction_add(article=article, by=reporter, text="Wrong date.")
    services.correction_add(article=article, by=editor, text="An earlier version gave the wrong date.")
    assert Correction.objects.get().created_by == editor


def test_an_editor_adds_a_correction_in_the_admin(editor_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(
        article,
        **{
            "publish_at_0": timezone.localtime(article.publish_at).strftime("%Y-%m-%d"),
            "publish_at_1": timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "An earlier version misnamed the ministry.",
            "corrections-0-created_at_0": "2025-10-23",
            "corrections-0-created_at_1": "10:00:00",
        },
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert article.corrections.get().text == "An earlier version misnamed the ministry."


def test_a_slug_clash_is_a_form_error_not_a_crash(editor_client, editor):
    ArticleFactory(slug="taken")
    article = new_draft(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(url, change_form_data(article, slug="taken"))
    assert response.status_code == 200
    assert "Article with this Slug already exists" in response.content.decode()


def test_generated_slugs_never_clash(editor):
    first = new_draft(editor)
    second = new_draft(editor)
    assert (first.slug, second.slug) == ("monsoon-arrives-early", "monsoon-arrives-early-2")


def test_the_admin_list_tells_scheduled_from_live_articles(editor_client):
    ArticleFactory(headline="Live story")
    ArticleFactory(headline="Embargoed story", publish_at=timezone.now() + datetime.timedelta(days=1))
    url = reverse("admin:articles_article_changelist")

    scheduled = editor_client.get(url, {"visibility": "scheduled"}).content.decode()
    assert "Embargoed story" in scheduled and "Live story" not in scheduled
    assert '<td class="field-state">Scheduled</td>' in scheduled

    live = editor_client.get(url, {"visibility": "live"}).content.decode()
    assert "Live story" in live and "Embargoed story" not in live


def test_tags_autocomplete_in_the_article_form(reporter_client):
    article = ArticleFactory()
    article.tags.add("Taiwan", "Thailand", "China")
    response = reporter_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "Ta"},
    )
    assert response.status_code == 200
    assert sorted(result["text"] for result in response.json()["results"]) == ["Taiwan"]


def test_an_editor_sets_tags_and_byline_in_the_admin(editor_client, editor):
    from taggit.models import Tag

    author = AuthorFactory(name="Nikhil Chauhan")
    article = new_draft(editor)
    taiwan = Tag.objects.create(name="Taiwan", slug="taiwan")
    data = change_form_data(
        article,
        tags=[taiwan.pk],
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": author.pk,
            "bylines-0-role": "reporter",
            "bylines-0-position": "0",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(article.tags.names()) == ["Taiwan"]
    assert Article.objects.get(pk=article.pk).byline_authors == [author]
