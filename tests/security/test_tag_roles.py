"""Who may create, rename, merge and delete tags, and who sees a tag no published article carries.

Reporters attach the tags there are to their own articles; making, renaming, merging and deleting
tags in the Tag admin is for editors. Each case is a direct request: a hidden button is no guard.
"""

import pytest
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import Article, Status
from tests.factories import ArticleFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.roles import EDITORS, ROLES, as_user, refused, role_users, status_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    users = role_users()
    reporter = users["reporter"]
    published = ArticleFactory(headline="Published story")
    published.tags.add("Taiwan")
    draft = ArticleFactory(headline="Reporter's draft", slug="reporters-draft", status=Status.DRAFT)
    draft.created_by = reporter
    draft.save()
    draft.tags.add("Secretplan")
    return users, {"taiwan": Tag.objects.get(name="Taiwan"), "draft": draft, "published": published}


@pytest.mark.parametrize("role", ROLES)
def test_the_tag_list_is_for_staff_who_may_attach_tags(world, client, role):
    users, _ = world
    response = as_user(client, users[role]).get(reverse("admin:taggit_tag_changelist"))
    assert status_of(response) == (refused(role) if role in {"anonymous", "staff"} else 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_create_tags_in_the_tag_admin(world, client, role):
    users, _ = world
    as_user(client, users[role])
    form = client.get(reverse("admin:taggit_tag_add"))
    response = client.post(reverse("admin:taggit_tag_add"), {"name": "Brand new", "slug": ""})

    made = Tag.objects.filter(name="Brand new").first()
    if role in EDITORS:
        assert (form.status_code, response.status_code) == (200, 302)
        assert made.slug == "brand-new"
    else:
        assert status_of(form) == status_of(response) == refused(role)
        assert made is None


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_rename_tags(world, client, role):
    users, objects = world
    tag = objects["taiwan"]
    response = as_user(client, users[role]).post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "Formosa", "slug": "formosa"}
    )
    tag.refresh_from_db()
    if role in EDITORS:
        assert response.status_code == 302
        assert (tag.name, tag.slug) == ("Formosa", "formosa")
    else:
        assert status_of(response) == refused(role)
        assert (tag.name, tag.slug) == ("Taiwan", "taiwan")


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_delete_tags(world, client, role):
    users, objects = world
    tag = objects["taiwan"]
    response = as_user(client, users[role]).post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})
    if role in EDITORS:
        assert response.status_code == 302
        assert not Tag.objects.filter(pk=tag.pk).exists()
    else:
        assert status_of(response) == refused(role)
        assert Tag.objects.filter(pk=tag.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_merge_tags(world, client, role):
    users, objects = world
    as_user(client, users[role])
    secret = Tag.objects.get(name="Secretplan")
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "merge_tags", "_selected_action": [objects["taiwan"].pk, secret.pk], "index": 0},
    )
    session = client.session
    session["selected_tag_ids"] = f"{objects['taiwan'].pk},{secret.pk}"  # as if the action had been allowed
    session.save()
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Asia"})

    merged = set(TaggedItem.objects.filter(tag__name="Asia").values_list("object_id", flat=True))
    if role in EDITORS:
        assert response.status_code == 302
        assert merged == {objects["published"].pk, objects["draft"].pk}
    else:
        assert status_of(response) in {refused(role), "login"}
        assert merged == set()
        assert TaggedItem.objects.filter(tag=objects["taiwan"]).exists()


def test_merging_with_a_mangled_selection_is_no_error(world, client):
    users, objects = world
    as_user(client, users["editor"])
    session = client.session
    session["selected_tag_ids"] = f"abc,,-1,{objects['taiwan'].pk}"
    session.save()
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Formosa"})
    assert response.status_code == 302
    assert list(objects["published"].tags.names()) == ["Formosa"]


def test_a_tag_name_taken_in_another_case_is_a_form_error(world, client):
    users, _ = world
    response = as_user(client, users["editor"]).post(reverse("admin:taggit_tag_add"), {"name": "TAIWAN", "slug": ""})
    assert response.status_code == 200
    assert "There is already a tag with this name." in response.content.decode()
    assert Tag.objects.filter(name__iexact="taiwan").count() == 1


def test_an_editor_leaving_the_slug_of_a_punctuation_tag_blank_gets_a_readable_one(world, client):
    users, _ = world
    response = as_user(client, users["editor"]).post(reverse("admin:taggit_tag_add"), {"name": "!!!", "slug": ""})
    assert response.status_code == 302
    assert Tag.objects.get(name="!!!").slug == "tag"


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_the_article_form_offers_to_create_a_tag_only_to_editors(world, client, role):
    users, objects = world
    page = as_user(client, users[role]).get(reverse("admin:articles_article_change", args=[objects["draft"].pk]))
    assert page.status_code == 200
    assert (reverse("admin:taggit_tag_add") in page.content.decode()) == (role == "editor")


def test_a_reporter_attaches_existing_tags_to_their_article_but_cannot_make_one_by_typing_it(world, client):
    users, objects = world
    as_user(client, users["reporter"])
    draft = Article.objects.get(pk=objects["draft"].pk)
    address = reverse("admin:articles_article_change", args=[draft.pk])

    typed = client.post(address, change_form_data(draft, tags=["Invented tag"]))
    assert typed.status_code == 200
    assert "“Invented tag” is not a valid value." in typed.content.decode()
    assert not Tag.objects.filter(name="Invented tag").exists()

    chosen = client.post(address, change_form_data(draft, tags=[objects["taiwan"].pk]))
    assert chosen.status_code == 302
    assert list(draft.tags.names()) == ["Taiwan"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["articles:tag", "articles:tag_feed_rss", "articles:tag_feed_atom"])
def test_a_tag_only_a_draft_carries_has_no_page_or_feed_for_anyone(world, client, role, name):
    users, _ = world
    assert as_user(client, users[role]).get(reverse(name, args=["secretplan"])).status_code == 404
    assert client.get(reverse(name, args=["taiwan"])).status_code == 200
