"""Who may read an article's revision history, compare its versions and recover a deleted article.

History, compare and the revision form show an article's full text: they are for whoever may view
that article in the admin (editors, and the reporter whose article it is). Recovering a deleted
article, and the list of deleted ones, is for editors. Each case is a direct request.
"""

import pytest
import reversion
from django.contrib import admin
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.models import Article, Status
from tests.factories import ArticleFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.roles import EDITORS, ROLES, as_user, refused, role_users, status_of

pytestmark = pytest.mark.django_db
MAY_VIEW = {"reporter", "editor", "superuser"}


def revision(article, user, **changes):
    for field, value in changes.items():
        setattr(article, field, value)
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)


@pytest.fixture
def world(db):
    users = role_users()
    reporter = users["reporter"]
    article = ArticleFactory(headline="Firstdraftmarker", slug="reporters-story", status=Status.DRAFT)
    article.created_by = reporter
    revision(article, reporter)
    revision(article, reporter, headline="Seconddraftmarker", body="<p>Secretbodymarker</p>")
    gone = ArticleFactory(headline="Deletedmarker", slug="deleted-story")
    gone.created_by = reporter
    revision(gone, users["editor"])
    gone.delete()
    older, newer = Version.objects.get_for_object(article).order_by("pk")
    deleted = Version.objects.get_deleted(Article).get()
    return users, {"article": article, "older": older, "newer": newer, "deleted": deleted}


def article_views(objects):
    article, older, newer = objects["article"], objects["older"], objects["newer"]
    return {
        "history": reverse("admin:articles_article_history", args=[article.pk]),
        "compare": reverse("admin:articles_article_compare", args=[article.pk])
        + f"?version_id1={older.pk}&version_id2={newer.pk}",
        "revision": reverse("admin:articles_article_revision", args=[article.pk, older.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["history", "compare", "revision"])
def test_an_articles_history_is_for_those_who_may_view_the_article(world, client, role, view):
    users, objects = world
    response = as_user(client, users[role]).get(article_views(objects)[view])
    if role in MAY_VIEW:
        assert response.status_code == 200
        assert "draftmarker" in response.content.decode()
    else:
        assert status_of(response) == refused(role)
        assert "Secretbodymarker" not in response.content.decode()
        assert "draftmarker" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_list_of_deleted_articles_is_for_editors(world, client, role):
    users, _ = world
    response = as_user(client, users[role]).get(reverse("admin:articles_article_recoverlist"))
    if role in EDITORS:
        assert response.status_code == 200
        assert "Deletedmarker" in response.content.decode()
    else:
        assert status_of(response) == refused(role)


@pytest.mark.parametrize("role", ROLES)
def test_recovering_a_deleted_article_is_for_editors(world, client, role):
    users, objects = world
    address = reverse("admin:articles_article_recover", args=[objects["deleted"].pk])
    as_user(client, users[role])

    form = client.get(address)
    client.post(address, {"headline": "Deletedmarker"})

    if role in EDITORS:
        assert form.status_code == 200
        assert 'value="Deletedmarker"' in form.content.decode()
    else:
        assert status_of(form) == refused(role)
        assert not Article.objects.filter(slug="deleted-story").exists()


@pytest.mark.parametrize("which", ["older", "newer"])
def test_recover_takes_only_a_deleted_articles_version(world, client, which):
    """A version of an article that exists (or of another model) is not something to recover."""
    users, objects = world
    as_user(client, users["editor"])
    response = client.get(reverse("admin:articles_article_recover", args=[objects[which].pk]))
    assert response.status_code == 404
    assert Article.objects.get(pk=objects["article"].pk).headline == "Seconddraftmarker"


def test_compare_with_a_version_of_another_article_or_nonsense_is_not_found(world, client):
    users, objects = world
    other = ArticleFactory(headline="Elsewhere")
    revision(other, users["editor"])
    as_user(client, users["editor"])
    compare = reverse("admin:articles_article_compare", args=[objects["article"].pk])
    foreign = Version.objects.get_for_object(other).get()
    for query in [
        f"?version_id1={objects['older'].pk}&version_id2={foreign.pk}",
        "?version_id1=abc&version_id2=1",
        "?version_id1=99999999999999999999&version_id2=1",
    ]:
        assert client.get(compare + query).status_code == 404, query
    versions = f"?version_id1={objects['older'].pk}&version_id2={objects['newer'].pk}"
    assert client.get(reverse("admin:articles_article_compare", args=["nonsense"]) + versions).status_code == 404


def test_every_admin_with_revision_history_guards_it():
    """django-reversion's views are reachable for every admin built on VersionAdmin: today the article's only."""
    versioned = [model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, VersionAdmin)]
    assert versioned == [Article]


@pytest.mark.parametrize("role", ["staff", "reporter", "other reporter"])
def test_a_reporter_cannot_recover_a_deleted_article_by_posting_its_form(world, client, role):
    users, objects = world
    data = {"headline": "Deletedmarker", "slug": "deleted-story", "status": Status.DRAFT}
    response = as_user(client, users[role]).post(
        reverse("admin:articles_article_recover", args=[objects["deleted"].pk]), data
    )
    assert response.status_code == 403
    assert not Article.objects.filter(slug="deleted-story").exists()


def test_an_editor_recovers_a_deleted_article_with_its_text(world, client):
    users, objects = world
    saved = objects["deleted"].field_dict
    deleted = Article(**{name: saved[name] for name in ["headline", "slug", "standfirst", "body", "section_id"]})
    deleted.status, deleted.version = Status.DRAFT, 0
    as_user(client, users["editor"])

    response = client.post(
        reverse("admin:articles_article_recover", args=[objects["deleted"].pk]), change_form_data(deleted)
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    recovered = Article.objects.get(slug="deleted-story")
    assert (recovered.headline, recovered.status) == ("Deletedmarker", Status.DRAFT)
    assert recovered.last_edited_by == users["editor"]
