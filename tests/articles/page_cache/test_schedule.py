"""Scheduled changes (publication, expiry) take effect on cached pages at their moment, with no cron job:
no page is kept past the next scheduled moment, and once it has passed one process purges what changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import dependencies, purge
from articles.models import PurgeLog
from tests.factories import ArticleFactory
from tests.helpers.page_cache import warm

pytestmark = pytest.mark.django_db


def test_an_expiring_article_leaves_every_cached_page_at_its_moment(client, newsroom, time_machine):
    expires = timezone.now() + datetime.timedelta(seconds=30)
    leaving = ArticleFactory(headline="Ceasefire talks resume", section=newsroom.section, expire_at=expires)
    urls = [reverse("articles:home"), reverse("articles:section", args=["asia"]), reverse("articles:feed_rss")]
    warm(client, [*urls, leaving.get_absolute_url()])

    time_machine.move_to(expires + datetime.timedelta(seconds=1))

    for url in urls:
        assert "Ceasefire talks resume" not in client.get(url).content.decode(), url
    assert client.get(leaving.get_absolute_url()).status_code == 404


def test_pages_are_kept_until_the_next_scheduled_moment_and_not_past_it(client, newsroom, time_machine):
    goes_live = timezone.now() + datetime.timedelta(seconds=30)
    ArticleFactory(headline="Embargoed report", section=newsroom.section, publish_at=goes_live)
    home = reverse("articles:home")
    warm(client, [home])

    time_machine.move_to(goes_live - datetime.timedelta(seconds=1))
    assert client.get(home)["X-Page-Cache"] == "hit"
    time_machine.move_to(goes_live)
    response = client.get(home)
    assert response["X-Page-Cache"] == "miss" and "Embargoed report" in response.content.decode()


def test_what_went_live_is_purged_once_however_many_processes_notice(client, newsroom, time_machine):
    """The edge and the servers whose cache is their own learn of it from the purge: logged once, not per process."""
    goes_live = timezone.now() + datetime.timedelta(seconds=30)
    embargoed = ArticleFactory(headline="Embargoed report", section=newsroom.section, publish_at=goes_live)
    client.get(reverse("articles:home"))  # this process has caught up to now
    time_machine.move_to(goes_live + datetime.timedelta(seconds=1))

    for _ in range(3):  # three processes, each noticing the moment has passed
        purge.state.reset()
        client.get(reverse("articles:home"))

    logged = [set(keys.split()) for keys in PurgeLog.objects.values_list("keys", flat=True)]
    went_live = [keys for keys in logged if dependencies.card(embargoed.pk) in keys]
    assert len(went_live) == 1
    assert {dependencies.HOME, dependencies.section(newsroom.section_id)} <= went_live[0]
