"""Every page type, rendered from the demo content, is valid HTML to the Nu HTML Checker (vnu).

Also an article an editor publishes with "publish now", whose time (and its correction's) has microseconds.
"""

from html.parser import HTMLParser
from io import StringIO
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from articles import services
from articles.models import Article, Status
from redirects.services import address_gone
from tests.helpers.demo_pages import DEMO_PAGES, demo_page_urls
from tests.helpers.nu_checker import html_errors

PAGES = [*DEMO_PAGES, "article published now", "404 page", "410 page"]
STATUSES = {"404 page": 404, "410 page": 410}

# Also what makes pytest-django set up the test database for the module fixture below.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each page rendered once from the demo and checked in one run of vnu (a JVM start takes seconds).

    The demo is loaded in a transaction rolled back after the module, with its own MEDIA_ROOT.
    """
    html_dir = tmp_path_factory.mktemp("html")
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        published_now = published_by_an_editor_now()
        address_gone(path="/2024/03/01/withdrawn-report/", reason="Removed on the order of a court.")
        paths = {
            **demo_page_urls(),
            "article published now": published_now.get_absolute_url(),
            "404 page": "/no-such-page/",
            "410 page": "/2024/03/01/withdrawn-report/",
        }
        client = Client()
        files, statuses = {}, {}
        for name, path in paths.items():
            response = client.get(path)
            statuses[name] = response.status_code
            files[name] = html_dir / f"{name.replace(' ', '-')}.html"
            files[name].write_bytes(response.content)
        transaction.set_rollback(True)
    assert 'class="search-results"' in files["search"].read_text(), "the search page checked should list results"
    return SimpleNamespace(statuses=statuses, errors=html_errors(files), files=files)


def published_by_an_editor_now():
    """A demo draft published through the service, as the admin's "publish now" does, with a correction."""
    editor = get_user_model().objects.get(username="editor")
    article = services.article_publish(article=Article.objects.filter(status=Status.DRAFT).first(), by=editor)
    services.correction_add(article=article, by=editor, text="An earlier version gave the wrong date.")
    assert article.publish_at.microsecond, "publish now should store the moment to the microsecond"
    return article


@pytest.mark.parametrize("page", PAGES)
def test_the_page_is_valid_html(checked, page):
    assert checked.statuses[page] == STATUSES.get(page, 200)
    assert page not in checked.errors, f"vnu finds errors in the {page}:\n{checked.errors[page]}"


def test_the_checker_reports_no_problem_outside_the_pages(checked):
    strays = {name: messages for name, messages in checked.errors.items() if name not in PAGES}
    assert strays == {}


class AssetAudit(HTMLParser):
    """What would break under a strict Content-Security-Policy, or load from another origin."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.problems.append(f"style= attribute on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.problems.append(f"event handler attribute on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.problems.append("inline <script>")
        if tag == "script" and "src" in attrs and "defer" not in attrs and "async" not in attrs:
            self.problems.append(f"render-blocking script {attrs['src']}")
        asset = attrs.get("src") or (attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else None)
        if asset and urlsplit(asset).netloc:
            self.problems.append(f"asset from another origin: {asset}")


@pytest.mark.parametrize("name", PAGES)
def test_page_needs_no_inline_script_or_style_and_loads_nothing_from_another_origin(checked, name):
    audit = AssetAudit()
    audit.feed(checked.files[name].read_text())
    assert audit.problems == []
