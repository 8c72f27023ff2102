"""An article's byline and tags change through services.article_set_credits, from the admin as from commands:
the change moves the version, so a form opened before it is refused, and it is one revision."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles import services
from articles.models import Byline, BylineRole
from tests.factories import AuthorFactory, UserFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.articles import new_draft

pytestmark = pytest.mark.django_db


def test_changing_only_the_byline_in_the_admin_moves_the_version_and_is_one_revision(editor_client, editor):
    article = new_draft(editor)
    mei, kenji = AuthorFactory(name="Mei Lin"), AuthorFactory(name="Kenji Sato")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(
        article,
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": kenji.pk, "bylines-0-role": "photographer", "bylines-0-position": "5",
            "bylines-1-author": mei.pk, "bylines-1-role": "reporter", "bylines-1-position": "1",
        },
    )  # fmt: skip

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert [(b.author.name, b.role) for b in article.bylines.all()] == [
        ("Mei Lin", BylineRole.REPORTER),
        ("Kenji Sato", BylineRole.PHOTOGRAPHER),
    ]
    assert article.version > data["base_version"]
    (revision,) = {version.revision for version in Version.objects.get_for_object(article)}
    in_revision = {version.object_id for version in revision.version_set.filter(content_type__model="byline")}
    assert in_revision == {str(pk) for pk in article.bylines.values_list("pk", flat=True)}

    stale = editor_client.post(url, change_form_data(article, headline="Stale", base_version=data["base_version"]))
    assert "after you opened it" in stale.content.decode()


def test_set_credits_changes_what_differs_and_nothing_else(editor):
    article = new_draft(editor)
    mei, kenji = AuthorFactory(name="Mei Lin"), AuthorFactory(name="Kenji Sato")
    japan, trade = Tag.objects.create(name="Japan", slug="japan"), Tag.objects.create(name="Trade", slug="trade")
    assert services.article_set_credits(
        article=article, by=editor, bylines=[(mei, BylineRole.REPORTER)], tags=[japan, trade]
    )
    first = Byline.objects.get(article=article)
    version = article.version

    assert not services.article_set_credits(
        article=article, by=editor, bylines=[(mei.pk, "reporter")], tags=[trade, japan]
    )
    assert article.version == version

    assert services.article_set_credits(article=article, by=editor, bylines=[(kenji, "editor"), (mei, "reporter")])
    assert [(b.author_id, b.role, b.position) for b in article.bylines.all()] == [
        (kenji.pk, "editor", 0),
        (mei.pk, "reporter", 1),
    ]
    assert Byline.objects.get(article=article, author=mei).pk == first.pk  # the row is kept, not made again
    assert sorted(article.tags.names()) == ["Japan", "Trade"]  # tags=None leaves them
    assert article.version == version + 1


def test_only_who_may_edit_the_article_may_change_its_credits(editor, reporter):
    article = new_draft(UserFactory(username="someone", role="Reporter"))
    with pytest.raises(PermissionDenied):
        services.article_set_credits(article=article, by=reporter, bylines=[(AuthorFactory(), "reporter")])
    assert not article.bylines.exists()
