"""Who may do what: every role against the admin's pages and actions, previews and drafts.

The outcome is what the server does, whatever the page shows: a button hidden from a reporter
is no guard, so each case is a direct request.
"""

import pytest
from django.urls import reverse

from articles.models import Article, Section, Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, UserFactory
from tests.helpers.roles import LOGIN, as_user, status_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    reporter = UserFactory(username="reporter", role="Reporter")
    other_reporter = UserFactory(username="other", role="Reporter")
    editor = UserFactory(username="editor", role="Editor")
    chief = UserFactory(username="chief", is_superuser=True)
    section = SectionFactory(name="World", slug="world")
    own = ArticleFactory(headline="Own draft", slug="own-draft", status=Status.DRAFT, section=section)
    own.created_by = reporter
    own.save()
    others = ArticleFactory(headline="Other draft", slug="other-draft", status=Status.DRAFT, section=section)
    others.created_by = other_reporter
    others.save()
    published = ArticleFactory(headline="Published", slug="published", section=section)
    author = AuthorFactory(name="Mei", slug="mei")
    users = {"anonymous": None, "reporter": reporter, "editor": editor, "superuser": chief}
    return users, {"own": own, "others": others, "published": published, "section": section, "author": author}


# (what, method, address(objects), {role: expected})
PAGES = [
    ("article list", "get", lambda o: reverse("admin:articles_article_changelist"),
     {"anonymous": "login", "reporter": 200, "editor": 200, "superuser": 200}),
    ("own draft's form", "get", lambda o: reverse("admin:articles_article_change", args=[o["own"].pk]),
     {"anonymous": "login", "reporter": 200, "editor": 200, "superuser": 200}),
    ("delete an article", "get", lambda o: reverse("admin:articles_article_delete", args=[o["published"].pk]),
     {"anonymous": "login", "reporter": 403, "editor": 200, "superuser": 200}),
    ("add a section", "get", lambda o: reverse("admin:articles_section_add"),
     {"anonymous": "login", "reporter": 403, "editor": 200, "superuser": 200}),
    ("add an author", "get", lambda o: reverse("admin:authors_author_add"),
     {"anonymous": "login", "reporter": 403, "editor": 200, "superuser": 200}),
    ("user accounts", "get", lambda o: reverse("admin:auth_user_changelist"),
     {"anonymous": "login", "reporter": 403, "editor": 403, "superuser": 200}),
    ("groups", "get", lambda o: reverse("admin:auth_group_changelist"),
     {"anonymous": "login", "reporter": 403, "editor": 403, "superuser": 200}),
    ("image picker", "get", lambda o: reverse("admin:media_image_picker"),
     {"anonymous": "login", "reporter": 200, "editor": 200, "superuser": 200}),
    ("preview of a draft", "get", lambda o: o["others"].get_absolute_url(),
     {"anonymous": 404, "reporter": 200, "editor": 200, "superuser": 200}),
    ("published article", "get", lambda o: o["published"].get_absolute_url(),
     {"anonymous": 200, "reporter": 200, "editor": 200, "superuser": 200}),
]  # fmt: skip


@pytest.mark.parametrize("role", ["anonymous", "reporter", "editor", "superuser"])
@pytest.mark.parametrize(("what", "method", "address", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_pages(world, client, role, what, method, address, expected):
    users, objects = world
    response = getattr(as_user(client, users[role]), method)(address(objects))
    assert status_of(response) == expected[role], what


def run_action(client, action, article):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk], "index": 0},
    )


@pytest.mark.parametrize(
    ("role", "action", "target", "status_after"),
    [
        ("reporter", "publish", "own", Status.DRAFT),
        ("reporter", "unpublish", "published", Status.PUBLISHED),
        ("reporter", "submit_for_review", "own", Status.IN_REVIEW),
        ("reporter", "submit_for_review", "others", Status.DRAFT),
        ("editor", "publish", "others", Status.PUBLISHED),
        ("editor", "unpublish", "published", Status.DRAFT),
        ("anonymous", "publish", "own", Status.DRAFT),
        ("anonymous", "delete_selected", "published", Status.PUBLISHED),
        ("reporter", "delete_selected", "published", Status.PUBLISHED),
    ],
)
def test_actions(world, client, role, action, target, status_after):
    users, objects = world
    run_action(as_user(client, users[role]), action, objects[target])
    assert Article.objects.get(pk=objects[target].pk).status == status_after


def test_a_reporter_cannot_change_what_they_may_only_view(world, client):
    users, objects = world
    as_user(client, users["reporter"])
    section = objects["section"]
    response = client.post(
        reverse("admin:articles_section_change", args=[section.pk]), {"name": "Hacked", "slug": "world", "position": 0}
    )
    assert response.status_code == 403
    assert Section.objects.get(pk=section.pk).name == "World"
    response = client.post(reverse("admin:articles_article_change", args=[objects["others"].pk]), {"headline": "Mine"})
    assert response.status_code in {302, 403}
    assert Article.objects.get(pk=objects["others"].pk).headline == "Other draft"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_login_never_redirects_to_another_site(world, client, target):
    users, _ = world
    response = client.post(
        f"{LOGIN}?next={target}",
        {"username": "editor", "password": "correct horse battery staple", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] in {"/admin/", "/accounts/profile/"}


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000@evil.example", "bad host", "x" * 300])
def test_a_poisoned_host_header_is_refused(world, client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
