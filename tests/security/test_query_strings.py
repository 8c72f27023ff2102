"""Hostile query strings: whatever a crawler or an attacker sends, a page or a 4xx, never a 500.

Hypothesis draws page numbers, search strings and unknown parameters; the test client re-raises
any exception a view lets escape, so a 500 fails the test with its traceback.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db
ACCEPTABLE = {200, 301, 302, 400, 404}
LISTINGS = [
    "/",
    "/section/world/",
    "/tag/taiwan/",
    "/authors/mei-lin-tan/",
    "/search/",
    "/2025/",
    "/2025/10/",
    "/2025/10/22/",
    "/feeds/rss/",
    "/section/world/atom/",
    "/sitemap.xml",
    "/news-sitemap.xml",
]
# Text as it arrives in a query string: any Unicode but the surrogates a URL cannot carry.
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "inf", "0x10", "1.5", "last", "99999999999999999999999"]),
)
SEARCHES = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "x" * 10_000,
            "'\"\\",
            "taiwan & !(us | japan)",
            "<-> :* ! & | ( )",
            "'; DROP TABLE articles_article; --",
            "%",
            "_",
            "\\x00",
            "\x00",
            "<script>alert(1)</script>",
        ]
    ),
)


@pytest.fixture
def site(db):
    world = SectionFactory(name="World", slug="world")
    author = AuthorFactory(name="Mei Lin Tan", slug="mei-lin-tan")
    for n in range(3):
        article = ArticleFactory(headline=f"Taiwan story {n}", section=world, authors=[author])
        article.tags.add("Taiwan")


def get(client, path, params):
    response = client.get(f"{path}?{urlencode(params)}" if params else path)
    assert response.status_code in ACCEPTABLE, (path, params, response.status_code)
    return response


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("path", LISTINGS)
@FUZZ
@given(page=NUMBERS, extra_key=TEXT, extra_value=TEXT)
def test_any_page_number_or_unknown_parameter_gives_a_page(site, client, path, page, extra_key, extra_value):
    get(client, path, {"page": page, extra_key or "x": extra_value})


@FUZZ
@given(query=SEARCHES, page=NUMBERS)
def test_any_search_gives_a_page(site, client, query, page):
    response = get(client, "/search/", {"q": query, "page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/9999999999999999999999/",
        "/2025/13/",
        "/2025/00/01/",
        "/2025/02/30/",
        "/0/01/01/",
        "/2025/10/22/%00/",
        "/%00/",
        "/no-such%00page",
        "/section/a%01b/",
        "/section/%C0%AE%C0%AE/",
        "/tag/" + "a" * 5000 + "/",
        "/authors/../../etc/passwd/",
    ],
)
def test_hostile_addresses_are_not_found_not_errors(site, client, path):
    assert client.get(path).status_code in {400, 404}


@pytest.mark.parametrize("path", ["/?p=1%00", "/search/?q=taiwan&utm=%00", "/section/asia/?page=1&ref=%01"])
def test_a_control_character_in_a_parameter_the_page_ignores_leaves_the_page_as_it_is(site, client, path):
    """Such a parameter is looked for among old addresses (/?p=123), where it could never be: no query is made."""
    assert client.get(path).status_code in {200, 404}


@pytest.mark.parametrize("pk", ["0", "99999999999999999999", "9223372036854775808"])
def test_a_view_beacon_for_an_impossible_article_is_not_an_error(site, client, pk):
    assert client.post(f"/articles/{pk}/view/").status_code in {400, 404}


def test_search_of_ten_thousand_characters_answers_with_a_page(site, client):
    response = client.get("/search/", {"q": "taiwan " * 1500})
    assert response.status_code == 200
