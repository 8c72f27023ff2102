"""Every admin page an editor reaches renders, for each role."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = list(admin.site._registry)


@pytest.fixture
def content(db):
    author = AuthorFactory()
    article = ArticleFactory(lead_image=ImageFactory(), authors=[author])
    article.tags.add("Taiwan")
    return article


@pytest.mark.parametrize("role", ["Editor", "Reporter", None])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_and_add_form_renders(client, content, role, model):
    user = UserFactory(role=role, is_superuser=role is None)
    client.force_login(user)
    opts = model._meta
    model_admin = admin.site._registry[model]
    request = type("Request", (), {"user": user})()

    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == (200 if model_admin.has_view_or_change_permission(request) else 403)

    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)


def test_the_article_change_form_history_and_compare_render(editor_client, content):
    for name in ["change", "history"]:
        assert editor_client.get(reverse(f"admin:articles_article_{name}", args=[content.pk])).status_code == 200


@pytest.mark.parametrize("n", [3, 15])
def test_the_article_changelist_runs_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries, n):
    authors = [AuthorFactory(), AuthorFactory()]
    for _ in range(n):
        ArticleFactory(lead_image=ImageFactory(), authors=authors)
    url = reverse("admin:articles_article_changelist")
    editor_client.get(url)  # thumbnails are made on first view
    with django_assert_max_num_queries(16):
        response = editor_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-thumbnail"') == n
