"""Publication times in the admin: the zone spelled out; daylight saving gaps and overlaps refused, not guessed."""

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from django.urls import reverse

from articles.models import Status
from tests.factories import ArticleFactory
from tests.helpers.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def draft(db):
    return ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)


def save(client, article, **times):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, change_form_data(article, status=Status.PUBLISHED, **times))


@override_settings(TIME_ZONE="Asia/Kolkata")
def test_the_time_inputs_say_which_zone_they_are_in(editor_client, draft):
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert page.count("Times are in Asia/Kolkata (IST, UTC+05:30).") == 2  # publish at, expire at


@override_settings(TIME_ZONE="Europe/London")
def test_the_change_list_shows_times_with_the_zone_abbreviation(editor_client):
    ArticleFactory(headline="Summer story", publish_at=datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC))
    ArticleFactory(headline="Winter story", publish_at=datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC))
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "1 Jul 2026, 09:00 BST" in page
    assert "5 Jan 2026, 08:00 GMT" in page


@override_settings(TIME_ZONE="Europe/London")
def test_a_time_the_clocks_skip_is_a_form_error_and_nothing_is_saved(editor_client, draft):
    response = save(editor_client, draft, publish_at_0="2026-03-29", publish_at_1="01:30")
    assert response.status_code == 200
    assert "29 Mar 2026 01:30 does not exist in Europe/London: clocks go forward at 01:00." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.publish_at is None


@override_settings(TIME_ZONE="Europe/London")
def test_a_time_that_happens_twice_asks_which_one_and_saves_the_chosen_one(editor_client, draft):
    response = save(editor_client, draft, publish_at_0="2026-10-25", publish_at_1="01:30")
    page = response.content.decode()
    assert response.status_code == 200
    assert "25 Oct 2026 01:30 happens twice in Europe/London (BST and GMT): clocks go back at 02:00." in page
    assert '<select name="publish_at_2"' in page and "01:30 GMT (UTC+00:00), after" in page
    draft.refresh_from_db()
    assert draft.publish_at is None

    draft.refresh_from_db()
    response = save(editor_client, draft, publish_at_0="2026-10-25", publish_at_1="01:30", publish_at_2="1")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publish_at == datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)  # 01:30 GMT

    # Opened again, the form shows the choice made, so a second save keeps the same instant.
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert '<option value="1" selected>' in page


@override_settings(TIME_ZONE="Europe/London")
def test_the_first_of_a_repeated_time_is_summer_time(editor_client, draft):
    response = save(editor_client, draft, publish_at_0="2026-10-25", publish_at_1="01:30", publish_at_2="0")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publish_at == datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)  # 01:30 BST


@override_settings(TIME_ZONE="Europe/London")
def test_an_ordinary_time_needs_no_choice_and_the_expiry_time_is_checked_too(editor_client, draft):
    response = save(editor_client, draft, publish_at_0="2026-06-01", publish_at_1="09:00")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publish_at.astimezone(LONDON) == datetime.datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)

    response = save(
        editor_client, draft, publish_at_0="2026-03-01", publish_at_1="09:00", expire_at_0="2026-03-29",
        expire_at_1="01:15",
    )  # fmt: skip
    assert "29 Mar 2026 01:15 does not exist in Europe/London" in response.content.decode()
