"""manage.py purge_pages: an operator re-renders every cached page, or those showing one thing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.helpers.page_cache import warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client, newsroom):
    urls = {"home": reverse("articles:home"), "article": newsroom.get_absolute_url(), "feed": "/feeds/rss/"}
    warm(client, urls.values())
    return urls


def outcomes(client, pages):
    return {name: client.get(url)["X-Page-Cache"] for name, url in pages.items()}


def test_purge_pages_purges_every_page(client, pages):
    out = io.StringIO()
    call_command("purge_pages", stdout=out)
    assert out.getvalue() == "Purged every page.\n"
    assert outcomes(client, pages) == dict.fromkeys(pages, "miss")


def test_purge_pages_with_a_key_purges_only_the_pages_showing_it(client, pages):
    out = io.StringIO()
    call_command("purge_pages", "--key", "home", stdout=out)
    assert out.getvalue() == "Purged the pages showing home.\n"
    assert outcomes(client, pages) == {"home": "miss", "article": "hit", "feed": "hit"}


def test_purge_pages_refuses_what_is_not_a_key(client, pages):
    with pytest.raises(CommandError, match="Not a dependency key: 'home page'"):
        call_command("purge_pages", "--key", "home page")
    assert outcomes(client, pages) == dict.fromkeys(pages, "hit")
