"""The API's answers are kept as readers' pages are: a client holding one gets a 304 without it being made again, and
a change purges exactly the answers that show what changed."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import services as api_services
from api.models import ApiKey
from api.sync import SETTLE
from articles import services
from articles.models import Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = ArticleFactory(headline="Typhoon nears Taiwan", authors=[AuthorFactory(name="Nikhil Chauhan")])
    article.tags.add("Taiwan")
    return article


def key_for(editor, scope):
    return api_services.api_key_create(key=ApiKey(name=f"Partner {scope}", scope=scope), by=editor, sections=())


def made_afresh(client, path, **headers):
    """(the answer, whether making it read the articles table)."""
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path, headers=headers)
    return answer, any("articles_article" in query["sql"] for query in queries)


def test_a_client_holding_the_answer_gets_a_304_without_it_being_made_again(client, story):
    path = f"/api/v1/articles/{story.pk}/"
    first, made = made_afresh(client, path)
    assert first.status_code == 200 and made and first["X-Page-Cache"] == "miss"
    etag, modified = first["ETag"], first["Last-Modified"]

    again, made = made_afresh(client, path, If_None_Match=etag)
    assert (again.status_code, again.content, made) == (304, b"", False)
    again, made = made_afresh(client, path, If_Modified_Since=modified)
    assert (again.status_code, made) == (304, False)
    assert client.get(path, headers={"If-None-Match": '"another"'}).status_code == 200


def test_the_list_answers_304_too_and_says_when_its_latest_entry_changed(client, clock, story):
    clock.shift(SETTLE * 2)
    first = client.get("/api/v1/articles/")
    assert first.json()["items"][0]["id"] == story.pk
    assert first["Last-Modified"]
    assert client.get("/api/v1/articles/", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_an_edit_purges_that_articles_answers_and_leaves_anothers_kept(client, editor, story):
    other = ArticleFactory(headline="Rice prices fall")
    for article in (story, other):
        client.get(f"/api/v1/articles/{article.pk}/")
    before = client.get(f"/api/v1/articles/{story.pk}/")
    assert before["X-Page-Cache"] == "hit"

    story.headline = "Typhoon makes landfall in Taiwan"
    services.article_save(article=story, by=editor, base_version=story.version)
    after = client.get(f"/api/v1/articles/{story.pk}/")
    assert after["X-Page-Cache"] == "miss" and after.json()["headline"] == "Typhoon makes landfall in Taiwan"
    assert after["ETag"] != before["ETag"]
    assert client.get(f"/api/v1/articles/{story.pk}/", headers={"If-None-Match": before["ETag"]}).status_code == 200
    assert client.get(f"/api/v1/articles/{other.pk}/")["X-Page-Cache"] == "hit"


def test_a_draft_save_purges_no_answer(client, reporter, story):
    client.get(f"/api/v1/articles/{story.pk}/")
    services.article_save(
        article=ArticleFactory.build(status=Status.DRAFT, publish_at=None, first_published_at=None,
                                     section=story.section),
        by=reporter,
    )  # fmt: skip
    assert client.get(f"/api/v1/articles/{story.pk}/")["X-Page-Cache"] == "hit"


def test_an_author_renamed_or_a_correction_reaches_the_kept_answer(client, editor, story):
    path = f"/api/v1/ninjs/articles/{story.pk}/"
    client.get(path)
    author = story.bylines.get().author
    author.name = "Nikhil Chauhan-Rao"
    author.save()
    assert client.get(path).json()["by"] == "By Nikhil Chauhan-Rao"
    services.correction_add(article=story, by=editor, text="An earlier version gave the wrong wind speed.")
    assert "wrong wind speed" in client.get(path).json()["edNote"]


def test_an_article_taken_down_is_a_410_at_once_not_the_kept_answer(client, editor, story):
    path = f"/api/v1/articles/{story.pk}/"
    client.get(path)
    services.article_unpublish(article=story, by=editor)
    answer = client.get(path)
    assert answer.status_code == 410 and answer.json()["kind"] == "tombstone"


def test_the_end_of_the_sync_shows_a_new_article_once_it_has_settled(client, clock, story, editor):
    clock.shift(SETTLE * 2)
    assert [item["id"] for item in client.get("/api/v1/articles/").json()["items"]] == [story.pk]
    newer = ArticleFactory(headline="Ports reopen")
    assert client.get("/api/v1/articles/").json()["items"][-1]["id"] == story.pk, "given before it settled"
    clock.shift(SETTLE * 2)
    assert client.get("/api/v1/articles/").json()["items"][-1]["id"] == newer.pk


def test_a_keys_answers_are_private_and_kept_apart_from_anyones(client, editor, story, settings):
    settings.EDGE_PURGER, settings.EDGE_MAX_AGE = "varnish", 600
    full = key_for(editor, ApiKey.Scope.FULL)
    path = f"/api/v1/articles/{story.pk}/"
    anyone = client.get(path)
    keyed = client.get(path, headers={"Authorization": f"Bearer {full}"})
    assert keyed.json()["body_html"] and anyone.json()["body_html"] is None
    assert client.get(path).json()["body_html"] is None, "anyone was given the full-text answer"
    assert client.get(path, headers={"X-API-Key": full}).json()["body_html"]

    assert keyed["Cache-Control"] == "private, no-cache" and "xkey" not in keyed
    assert "s-maxage" in anyone["Cache-Control"] and f"a{story.pk}" in anyone["xkey"].split()
    for answer in (anyone, keyed):
        assert {"authorization", "x-api-key"} <= {name.strip().lower() for name in answer["Vary"].split(",")}


def test_a_kept_answer_still_counts_against_the_rate_and_a_refused_key_is_refused(client, settings, story):
    settings.API_ANONYMOUS_PER_MINUTE = 3
    path = f"/api/v1/articles/{story.pk}/"
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(path, headers={"Authorization": "Bearer nr_00000000_unknown"}).status_code == 401


def test_an_expired_key_is_refused_though_its_answer_is_kept(client, editor, story, clock):
    secret = key_for(editor, ApiKey.Scope.SUMMARY)
    ApiKey.objects.update(expires_at=timezone.now() + SETTLE)
    path = f"/api/v1/articles/{story.pk}/"
    assert client.get(path, headers={"X-API-Key": secret}).status_code == 200
    clock.shift(SETTLE * 2)
    assert client.get(path, headers={"X-API-Key": secret}).status_code == 401


def test_sections_are_purged_when_one_is_renamed(client):
    section = SectionFactory(name="Asia", slug="asia")
    assert client.get("/api/v1/sections/").json()[0]["name"] == "Asia"
    section.name = "Asia Pacific"
    section.save()
    assert client.get("/api/v1/sections/").json()[0]["name"] == "Asia Pacific"
