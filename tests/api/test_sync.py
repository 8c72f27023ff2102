"""A partner syncing articles through /api/v1/articles/ while the newsroom works: every change once, every takedown."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from api.sync import SETTLE
from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, CorrectionFactory, SectionFactory

pytestmark = pytest.mark.django_db

LATER = SETTLE + datetime.timedelta(seconds=1)


def page(client, **params):
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 200, response.content
    return response.json()


def sync(client, cursor=None, **params):
    """Every page from `cursor` on, as a partner pages: its items in order, and the cursor to keep."""
    items = []
    while True:
        answer = page(client, **({"cursor": cursor} if cursor else {}), **params)
        items += answer["items"]
        cursor = answer["next_cursor"]
        if not answer["has_more"]:
            return items, cursor


@pytest.fixture
def newsroom(clock):
    section = SectionFactory(slug="asia", name="Asia")
    articles = ArticleFactory.create_batch(1000, section=section)
    clock.shift(LATER)
    return articles


def test_a_partner_paging_while_articles_change_gets_each_change_once_and_every_takedown(
    client, editor, newsroom, clock
):
    seen = []
    first = page(client, limit=100)
    seen += first["items"]
    cursor = first["next_cursor"]
    already_seen, not_yet_seen = newsroom[10], newsroom[900]
    unpublished, deleted, corrected = newsroom[20], newsroom[30], newsroom[40]
    # Going live and expiring at set times, after the partner has paged past their last save.
    soon = timezone.now() + datetime.timedelta(seconds=30)
    expiring = ArticleFactory(section=newsroom[0].section, expire_at=soon)
    scheduled = ArticleFactory(section=newsroom[0].section, publish_at=soon)
    fresh = ArticleFactory(section=newsroom[0].section)
    for article, headline in [
        (already_seen, "Seen, then edited"),
        (not_yet_seen, "Edited before the partner got there"),
    ]:
        article.headline = headline
        services.article_save(article=article, by=editor)
    services.article_unpublish(article=Article.objects.get(pk=unpublished.pk), by=editor)
    Article.objects.get(pk=deleted.pk).delete()
    CorrectionFactory(article=corrected)

    clock.shift(LATER)
    rest, cursor = sync(client, cursor, limit=100)
    seen += rest
    again, cursor = sync(client, cursor)
    assert again == [], "asking again with the last cursor gave entries that had not changed"
    assert expiring.pk in {item["id"] for item in rest} and scheduled.pk not in {item["id"] for item in seen}

    clock.move_to(soon + LATER)
    at_their_time, _ = sync(client, cursor)
    assert [(item["id"], item["kind"]) for item in at_their_time] == [
        (expiring.pk, "tombstone"),
        (scheduled.pk, "article"),
    ]  # the same moment: by id
    seen += at_their_time

    times = Counter(item["id"] for item in seen)
    last = {item["id"]: item for item in seen}
    # Nothing skipped: every article partners may show is there as it is now, every takedown as a tombstone.
    live = set(Article.objects.published().values_list("pk", flat=True))
    assert {id for id, item in last.items() if item["kind"] == "article"} == live
    assert len(live) == 1000 - 2 + 2  # two of the thousand taken down; the fresh and the scheduled one added
    assert {id: item["reason"] for id, item in last.items() if item["kind"] == "tombstone"} == {
        unpublished.pk: "unpublished",
        deleted.pk: "deleted",
        expiring.pk: "expired",
    }
    assert last[already_seen.pk]["headline"] == "Seen, then edited"
    assert last[not_yet_seen.pk]["headline"] == "Edited before the partner got there"
    notes = [note["text"] for note in last[corrected.pk]["corrections"]]
    assert notes == ["An earlier version misspelt the minister's name."]
    assert {scheduled.pk, fresh.pk} <= live
    # Each change once: what changed after the partner had it comes twice, everything else once.
    changed_after_it_was_seen = {already_seen.pk, unpublished.pk, deleted.pk, corrected.pk, expiring.pk}
    assert changed_after_it_was_seen - {expiring.pk} <= {item["id"] for item in first["items"]}
    assert {id for id, n in times.items() if n == 2} == changed_after_it_was_seen
    assert max(times.values()) == 2
    assert [item["changed_at"] for item in seen] == sorted(item["changed_at"] for item in seen)
