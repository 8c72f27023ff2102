"""Merging duplicate contributors in the admin: their articles stay, under the author kept."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Byline, BylineRole
from authors import services
from authors.models import Author, AuthorLink
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:authors_author_changelist")


def byline(article):
    return list(article.bylines.order_by("position").values_list("author__name", "role", "position"))


@pytest.fixture
def duplicates():
    """ "Mei Lin" twice (one a photographer on a shared story), each with articles of their own."""
    keep = AuthorFactory(name="Mei Lin", slug="mei-lin")
    duplicate = AuthorFactory(name="Mei  Lin", slug="mei-lin-2")
    other = AuthorFactory(name="Nikhil Chauhan")
    AuthorLink.objects.create(author=duplicate, label="Website", url="https://example.com")
    own = ArticleFactory(headline="Kept's own", authors=[keep])
    moved = ArticleFactory(headline="Duplicate's own", authors=[other, duplicate])
    both = ArticleFactory(headline="Both")
    Byline.objects.create(article=both, author=other, position=0)
    Byline.objects.create(article=both, author=duplicate, position=1)
    Byline.objects.create(article=both, author=keep, position=2, role=BylineRole.PHOTOGRAPHER)
    return {"keep": keep, "duplicate": duplicate, "other": other, "own": own, "moved": moved, "both": both}


def merge(client, authors, **extra):
    data = {"action": "merge_authors", ACTION_CHECKBOX_NAME: [author.pk for author in authors], **extra}
    return client.post(CHANGELIST, data, follow="confirm" in extra)


def test_the_action_asks_which_author_to_keep_before_changing_anything(admin_client, duplicates):
    keep, duplicate = duplicates["keep"], duplicates["duplicate"]

    response = merge(admin_client, [keep, duplicate])

    assert response.status_code == 200
    html = response.content.decode()
    assert "Merge authors" in html and "Choose the author to keep." in html
    assert f'name="keep" value="{keep.pk}"' in html and f'name="keep" value="{duplicate.pk}"' in html
    assert "2 articles" in html  # each candidate with how many articles carry their name
    assert Author.objects.filter(pk=duplicate.pk).exists()


def test_merging_moves_every_byline_to_the_kept_author_and_deletes_the_duplicate(admin_client, duplicates):
    keep, duplicate = duplicates["keep"], duplicates["duplicate"]

    response = merge(admin_client, [keep, duplicate], keep=keep.pk, confirm="yes")

    assert response.status_code == 200
    assert "Merged 1 author(s) into “Mei Lin”: 2 article(s) moved to their byline." in response.content.decode()
    assert not Author.objects.filter(pk=duplicate.pk).exists()
    assert not AuthorLink.objects.filter(url="https://example.com").exists()
    assert byline(duplicates["own"]) == [("Mei Lin", "reporter", 0)]
    assert byline(duplicates["moved"]) == [("Nikhil Chauhan", "reporter", 0), ("Mei Lin", "reporter", 1)]
    # Named twice: one byline, at the earlier position, with the role the kept author had there.
    assert byline(duplicates["both"]) == [("Nikhil Chauhan", "reporter", 0), ("Mei Lin", "photographer", 1)]
    # Readers see the articles under the author kept.
    page = admin_client.get(keep.get_absolute_url()).content.decode()
    assert all(headline in page for headline in ["Kept&#x27;s own", "Duplicate&#x27;s own", "Both"])


def test_the_kept_author_can_be_the_one_with_fewer_articles(admin_client, duplicates):
    keep, duplicate = duplicates["duplicate"], duplicates["keep"]

    merge(admin_client, [keep, duplicate], keep=keep.pk, confirm="yes")

    assert list(Author.objects.filter(name__startswith="Mei").values_list("slug", flat=True)) == ["mei-lin-2"]
    assert byline(duplicates["both"]) == [("Nikhil Chauhan", "reporter", 0), ("Mei  Lin", "reporter", 1)]
    assert byline(duplicates["own"]) == [("Mei  Lin", "reporter", 0)]


def test_a_duplicates_staff_account_passes_to_the_author_kept(admin_client, duplicates):
    reporter = UserFactory(username="meilin", role="Reporter")
    Author.objects.filter(pk=duplicates["duplicate"].pk).update(user=reporter)

    merge(admin_client, [duplicates["keep"], duplicates["duplicate"]], keep=duplicates["keep"].pk, confirm="yes")

    assert Author.objects.get(pk=duplicates["keep"].pk).user == reporter


def test_choosing_no_author_to_keep_is_a_form_error_and_changes_nothing(admin_client, duplicates):
    response = merge(admin_client, [duplicates["keep"], duplicates["duplicate"]], confirm="yes")

    assert response.status_code == 200
    assert "Choose the author to keep." in response.content.decode()
    assert Author.objects.count() == 3

    outsider = AuthorFactory()
    response = merge(admin_client, [duplicates["keep"], duplicates["duplicate"]], keep=outsider.pk, confirm="yes")
    assert "Choose one of these authors." in response.content.decode()
    assert Author.objects.count() == 4


def test_one_author_alone_cannot_be_merged(admin_client, duplicates):
    response = merge(admin_client, [duplicates["keep"]], keep=duplicates["keep"].pk, confirm="yes")
    assert "Select at least two authors to merge." in response.content.decode()
    assert Author.objects.count() == 3


def test_only_users_who_may_delete_authors_can_merge(client, duplicates):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_author", "change_author"]))
    client.force_login(clerk)

    assert "merge_authors" not in client.get(CHANGELIST).content.decode()
    response = merge(client, [duplicates["keep"], duplicates["duplicate"]], keep=duplicates["keep"].pk, confirm="yes")

    assert Author.objects.filter(pk=duplicates["duplicate"].pk).exists()
    assert byline(duplicates["moved"])[1][0] == "Mei  Lin"
    assert response.status_code == 200 and "Merge authors" not in response.content.decode()  # just the list again
    with pytest.raises(PermissionDenied):  # nor does the write path let them
        services.authors_merge(keep=duplicates["keep"], others=[duplicates["duplicate"]], by=clerk)

    clerk.user_permissions.add(Permission.objects.get(codename="delete_author"))
    client.force_login(UserFactory._meta.model.objects.get(pk=clerk.pk))  # permissions are cached per user object
    assert "merge_authors" in client.get(CHANGELIST).content.decode()
