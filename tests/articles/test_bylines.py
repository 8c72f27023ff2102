"""Bylines as a newsroom writes them: each contributor with a role, rendered naturally, in JSON-LD and feeds."""

import re

import feedparser
import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Byline, BylineRole
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.articles import new_draft
from tests.helpers.html import HeadParser

pytestmark = pytest.mark.django_db

FULL_BYLINE = (
    "By Mei Lin, Nikhil Chauhan and Priya Nair · Photos: Kenji Sato · Translated by Dao Van Binh · Edited by Ana Cruz"
)


@pytest.fixture
def story():
    article = ArticleFactory(headline="Typhoon reaches Taipei")
    names = [
        ("Mei Lin", BylineRole.REPORTER),
        ("Kenji Sato", BylineRole.PHOTOGRAPHER),
        ("Nikhil Chauhan", BylineRole.REPORTER),
        ("Ana Cruz", BylineRole.EDITOR),
        ("Dao Van Binh", BylineRole.TRANSLATOR),
        ("Priya Nair", BylineRole.REPORTER),
    ]
    for position, (name, role) in enumerate(names):
        author = AuthorFactory(name=name, slug=name.lower().replace(" ", "-"))
        Byline.objects.create(article=article, author=author, position=position, role=role)
    return article


def byline(html):
    (paragraph,) = re.findall(r'<p class="byline">(.*?)</p>', html, re.S)
    return paragraph


def test_the_byline_reads_naturally_with_every_role(client, story):
    html = byline(client.get(story.get_absolute_url()).content.decode())

    assert " ".join(strip_tags(html).split()) == (FULL_BYLINE)
    links = re.findall(r'<a href="([^"]+)"( rel="author")?>([^<]+)</a>', html)
    assert links == [
        ("/authors/mei-lin/", ' rel="author"', "Mei Lin"),
        ("/authors/nikhil-chauhan/", ' rel="author"', "Nikhil Chauhan"),
        ("/authors/priya-nair/", ' rel="author"', "Priya Nair"),
        ("/authors/kenji-sato/", "", "Kenji Sato"),
        ("/authors/dao-van-binh/", "", "Dao Van Binh"),
        ("/authors/ana-cruz/", "", "Ana Cruz"),
    ]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([BylineRole.REPORTER], "By A"),
        ([BylineRole.REPORTER, BylineRole.REPORTER], "By A and B"),
        ([BylineRole.REPORTER, BylineRole.PHOTOGRAPHER], "By A · Photos: B"),
        ([BylineRole.PHOTOGRAPHER, BylineRole.PHOTOGRAPHER], "Photos: A and B"),
    ],
)
def test_short_bylines(client, roles, expected):
    article = ArticleFactory()
    for position, role in enumerate(roles):
        author = AuthorFactory(name="AB"[position])
        Byline.objects.create(article=article, author=author, position=position, role=role)
    html = client.get(article.get_absolute_url()).content.decode()
    assert " ".join(strip_tags(byline(html)).split()) == expected


def test_cards_show_the_same_byline(client, story):
    html = client.get(reverse("articles:home")).content.decode()
    assert FULL_BYLINE in re.sub(r"\s+", " ", strip_tags(html))


def test_json_ld_names_reporters_as_authors_and_the_others_by_their_role(client, story):
    head = HeadParser()
    head.feed(client.get(story.get_absolute_url()).content.decode())
    news = head.graph_node("NewsArticle")

    def people(key):
        return [(person["@type"], person["name"], person["url"]) for person in news[key]]

    assert people("author") == [
        ("Person", "Mei Lin", "http://testserver/authors/mei-lin/"),
        ("Person", "Nikhil Chauhan", "http://testserver/authors/nikhil-chauhan/"),
        ("Person", "Priya Nair", "http://testserver/authors/priya-nair/"),
    ]
    assert people("contributor") == [("Person", "Kenji Sato", "http://testserver/authors/kenji-sato/")]
    assert people("editor") == [("Person", "Ana Cruz", "http://testserver/authors/ana-cruz/")]
    assert people("translator") == [("Person", "Dao Van Binh", "http://testserver/authors/dao-van-binh/")]


def test_an_article_with_only_reporters_has_no_other_roles_in_json_ld(client):
    article = ArticleFactory(authors=[AuthorFactory(name="Mei Lin")])
    head = HeadParser()
    head.feed(client.get(article.get_absolute_url()).content.decode())
    news = head.graph_node("NewsArticle")
    assert [person["name"] for person in news["author"]] == ["Mei Lin"]
    assert not {"contributor", "editor", "translator"} & set(news)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_name_the_reporters_as_authors(client, story, fmt):
    (entry,) = feedparser.parse(client.get(reverse(f"articles:feed_{fmt}")).content).entries
    assert entry.author == "Mei Lin, Nikhil Chauhan and Priya Nair"


def test_the_admin_byline_inline_has_the_role_column(editor_client, editor):
    photographer = AuthorFactory(name="Kenji Sato")
    reporter = AuthorFactory(name="Mei Lin")
    article = new_draft(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(url).content.decode()
    assert 'name="bylines-0-role"' in form and '<option value="photographer">Photographer</option>' in form

    data = change_form_data(
        article,
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": reporter.pk,
            "bylines-0-role": "reporter",
            "bylines-0-position": "0",
            "bylines-1-author": photographer.pk,
            "bylines-1-role": "photographer",
            "bylines-1-position": "1",
        },
    )
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(article.bylines.values_list("author__name", "role")) == [
        ("Mei Lin", "reporter"),
        ("Kenji Sato", "photographer"),
    ]


def test_an_unknown_role_is_a_form_error(editor_client, editor):
    article = new_draft(editor)
    data = change_form_data(
        article,
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": AuthorFactory().pk,
            "bylines-0-role": "ghostwriter",
            "bylines-0-position": "0",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice. ghostwriter is not one of the available choices." in response.content.decode()
    assert not article.bylines.exists()
