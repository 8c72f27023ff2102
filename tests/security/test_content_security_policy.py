"""The Content-Security-Policy header, and pages that need nothing it refuses.

The browser side (the site and the admin working under it, injected code refused) is in
tests/browser/test_content_security_policy.py; production's full header set in tests/test_production.py.
"""

import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from articles.models import Article
from demo.content import REFERENCE_SLUG
from tests.helpers.demo_pages import demo_page_urls

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "*")


def policy(response):
    """The header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


class InlineCode(HTMLParser):
    """Scripts without a src, style elements and attributes, event handlers and javascript: links."""

    def __init__(self):
        super().__init__()
        self.found, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            if "src" not in attrs and attrs.get("type") != "application/ld+json":
                self.found.append(("inline script", attrs))
        if tag == "style":
            self.found.append(("style element", attrs))
        for name, value in attrs.items():
            if name == "style" or name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append((f"{name} attribute on <{tag}>", value))


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, loaded once for the module in a transaction rolled back after it; each test in a savepoint."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.com", "x"))
    return client


def test_reader_pages_feeds_and_the_login_page_have_a_strict_policy(client, demo):
    paths = [*demo_page_urls().values(), "/feeds/rss/", "/sitemap.xml", "/admin/login/", "/no-such-page/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        directives = policy(response)
        assert directives["default-src"] == ["'none'"], path
        assert directives["script-src"] == ["'self'"], path  # no nonce: the page cache may replay these
        assert directives["style-src"][0] == "'self'", path
        assert [source for source in directives["style-src"][1:] if not source.startswith("'sha256-")] == []
        assert directives["frame-ancestors"] == ["'none'"], path
        assert directives["base-uri"] == ["'none'"], path
        assert directives["form-action"] == ["'self'"], path
        assert not any(source in UNSAFE for sources in directives.values() for source in sources), path


def test_reader_pages_need_no_inline_code(client, demo):
    for name, path in demo_page_urls().items():
        page = inline_code(client.get(path).content.decode())
        assert page.found == [], name
        assert page.scripts, name  # site.js at least


def test_the_article_form_s_only_inline_script_carries_this_response_s_nonce(superuser_client, demo):
    article = Article.objects.get(slug=REFERENCE_SLUG)
    nonces = set()
    for path in [reverse("admin:articles_article_change", args=[article.pk]), reverse("admin:articles_article_add")]:
        response = superuser_client.get(path)
        page = inline_code(response.content.decode())
        [(kind, script)] = page.found
        assert (kind, script["type"]) == ("inline script", "importmap")
        script_src = policy(response)["script-src"]
        assert script_src == ["'self'", f"'nonce-{script['nonce']}'"]
        nonces.add(script["nonce"])
    assert len(nonces) == 2  # a new one for every response


@pytest.mark.parametrize(
    "name", ["admin:index", "admin:articles_article_changelist", "admin:media_image_add", "admin:articles_page_add"]
)
def test_admin_pages_need_no_inline_code_but_the_editor_s_import_map(superuser_client, demo, name):
    page = inline_code(superuser_client.get(reverse(name)).content.decode())
    assert [script.get("type") for _, script in page.found] == (["importmap"] if name.endswith("page_add") else [])
