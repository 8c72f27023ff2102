"""Webhooks: partners told when an article is published, updated significantly, corrected or taken down, by a signed
POST sent from a background job, tried again after growing pauses, never about drafts, and never into the
newsroom's own network."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from api import events, services, webhooks
from api.models import Webhook, WebhookDelivery
from articles.choices import CorrectionKind, Status
from articles.models import Article
from articles.services import (
    article_publish,
    article_save,
    article_schedule,
    article_submit_for_review,
    article_unpublish,
    correction_add,
)
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers.jobs import run_queued_jobs
from tests.helpers.purge_server import purge_server

pytestmark = pytest.mark.django_db

ALL_EVENTS = [event.value for event in Webhook.Event]


def verified(secret: str, header: str, body: bytes, now: float, window: int = 300) -> bool:
    """What a receiver does, as README.md shows it: recompute the HMAC, compare in constant time, refuse a replay."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"]) and abs(now - int(fields["t"])) <= window


@pytest.fixture
def receiver():
    with purge_server() as server:
        yield server


@pytest.fixture
def article():
    """A live article, published before any endpoint was registered."""
    return ArticleFactory()


@pytest.fixture
def hook(receiver, editor, article):
    return services.webhook_save(
        hook=Webhook(name="Partner Daily", url=f"{receiver.url}/hooks/news", events=ALL_EVENTS), by=editor
    )


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Saves whose jobs are queued as they would be once the editor's transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def received(receiver):
    return [
        (request.headers["X-Newsroom-Event"], json.loads(request.body)["article"]["id"])
        for request in receiver.requests
    ]


def draft(reporter, **fields):
    return article_save(article=ArticleFactory.build(status=Status.DRAFT, publish_at=None, first_published_at=None,
                                                     section=SectionFactory(), **fields), by=reporter)  # fmt: skip


def test_publishing_sends_one_signed_delivery_from_a_job_not_from_the_save(
    hook, receiver, editor, reporter, committing
):
    article = draft(reporter, headline="Monsoon floods close the ports")
    with committing():
        article_publish(article=article, by=editor)
    assert receiver.requests == [], "the save itself waited for the partner's server"
    assert run_queued_jobs() == 1

    (request,) = receiver.requests
    assert (request.method, request.path, request.headers["Content-Type"]) == (
        "POST",
        "/hooks/news",
        "application/json",
    )
    assert verified(hook.secret, request.headers["X-Newsroom-Signature"], request.body, timezone.now().timestamp())
    assert not verified(
        "another secret", request.headers["X-Newsroom-Signature"], request.body, timezone.now().timestamp()
    )
    payload = json.loads(request.body)
    assert payload["event"] == "published"
    assert payload["article"]["id"] == article.pk
    assert payload["article"]["headline"] == "Monsoon floods close the ports"
    assert payload["article"]["url"].endswith(article.get_absolute_url())
    assert payload["article"]["api_url"].endswith(f"/api/v1/articles/{article.pk}/")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_status, delivery.delivered_at is not None) == (1, 200, True)


def test_a_signature_is_refused_once_its_time_is_older_than_the_window(hook, receiver, editor, reporter, committing):
    with committing():
        article_publish(article=draft(reporter), by=editor)
    run_queued_jobs()
    (request,) = receiver.requests
    signed_at = timezone.now().timestamp()
    assert verified(hook.secret, request.headers["X-Newsroom-Signature"], request.body, signed_at + 60)
    assert not verified(hook.secret, request.headers["X-Newsroom-Signature"], request.body, signed_at + 3600)
    tampered = request.body.replace(b"published", b"taken_down")
    assert not verified(hook.secret, request.headers["X-Newsroom-Signature"], tampered, signed_at)


def test_drafts_reviews_and_scheduled_articles_send_nothing_until_they_go_live(
    hook, receiver, editor, reporter, committing, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    events.scan_scheduled()  # where the minute's scan starts from
    with committing():
        article = draft(reporter, headline="Embargoed results")
        article.body = "<p>Still a draft, rewritten.</p>"
        article_save(article=article, by=reporter, base_version=article.version)
        article_submit_for_review(article=article, by=reporter)
        article_schedule(article=article, by=editor, publish_at=timezone.now() + timedelta(minutes=30))
    run_queued_jobs()
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0

    time_machine.shift(timedelta(minutes=29))
    events.scan_scheduled()
    run_queued_jobs()
    assert receiver.requests == [], "told before the embargo ended"

    time_machine.shift(timedelta(minutes=2))
    with committing():
        events.scan_scheduled()
        events.scan_scheduled()  # the next minute's scan finds nothing new
    run_queued_jobs()
    assert received(receiver) == [("published", article.pk)]


def test_a_significant_update_a_correction_and_an_update_note_are_sent_and_a_typo_fix_is_not(
    hook, receiver, editor, committing
):
    article = ArticleFactory()
    with committing():
        article.body = "<p>Typo fixed.</p>"
        article_save(article=article, by=editor, base_version=article.version)
    run_queued_jobs()
    assert receiver.requests == []

    with committing():
        article.body = "<p>The toll rose to twelve.</p>"
        article_save(article=article, by=editor, base_version=article.version, significant_update=True)
        correction_add(article=article, by=editor, text="An earlier version misspelt the minister's name.")
        correction_add(article=article, by=editor, text="The port reopened.", kind=CorrectionKind.UPDATE)
    run_queued_jobs()
    assert received(receiver) == [("updated", article.pk), ("corrected", article.pk), ("updated", article.pk)]


def test_unpublishing_expiring_at_its_time_and_deleting_are_each_a_takedown(
    hook, receiver, editor, committing, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    events.scan_scheduled()
    unpublished, expiring, deleted = ArticleFactory(), ArticleFactory(), ArticleFactory()
    run_queued_jobs()
    receiver.requests.clear()
    deleted_id = deleted.pk
    with committing():
        article_unpublish(article=unpublished, by=editor)
        expiring.expire_at = timezone.now() + timedelta(minutes=10)
        article_save(article=expiring, by=editor, base_version=expiring.version)
        deleted.delete()
    run_queued_jobs()
    assert received(receiver) == [("taken_down", unpublished.pk), ("taken_down", deleted_id)]
    assert all(json.loads(request.body)["article"]["url"] is None for request in receiver.requests)

    time_machine.shift(timedelta(minutes=11))
    with committing():
        events.scan_scheduled()
    run_queued_jobs()
    assert received(receiver)[-1] == ("taken_down", expiring.pk)


def test_an_endpoint_is_told_only_the_events_it_asked_for(receiver, editor, committing):
    services.webhook_save(hook=Webhook(name="Takedowns", url=receiver.url, events=["taken_down"]), by=editor)
    article = ArticleFactory()
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
        article_unpublish(article=article, by=editor)
    run_queued_jobs()
    assert received(receiver) == [("taken_down", article.pk)]


def test_an_unanswered_delivery_is_sent_again_after_growing_pauses_with_the_same_body(
    article, hook, receiver, editor, committing, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    receiver.status = 503
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
    run_queued_jobs()
    delivery = WebhookDelivery.objects.get(event="corrected")
    assert (delivery.attempts, delivery.last_status, delivery.last_error) == (1, 503, "answered 503")
    assert delivery.next_attempt_at == timezone.now() + timedelta(minutes=1)

    webhooks.send_due()
    assert len(receiver.requests) == 1, "sent again before its pause ended"
    time_machine.shift(timedelta(minutes=1))
    webhooks.send_due()
    delivery.refresh_from_db()
    assert (len(receiver.requests), delivery.attempts) == (2, 2)
    assert delivery.next_attempt_at == timezone.now() + timedelta(minutes=2)

    receiver.status = 200
    time_machine.shift(timedelta(minutes=2))
    webhooks.send_due()
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None and delivery.attempts == 3
    assert len({request.body for request in receiver.requests}) == 1
    assert len({request.headers["X-Newsroom-Signature"] for request in receiver.requests}) == 3, (
        "signed afresh each time"
    )
    time_machine.shift(timedelta(hours=2))
    webhooks.send_due()
    assert len(receiver.requests) == 3, "a delivered event was sent again"


def test_a_receiver_that_times_out_is_tried_again(article, hook, receiver, editor, committing, monkeypatch):
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.3)
    receiver.delay = 1
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
    run_queued_jobs()
    delivery = WebhookDelivery.objects.get(event="corrected")
    assert delivery.delivered_at is None and delivery.next_attempt_at is not None
    assert "timed out" in delivery.last_error


def test_a_refusal_other_than_a_busy_server_is_not_sent_again(
    article, hook, receiver, editor, committing, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    receiver.status = 410
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
    run_queued_jobs()
    time_machine.shift(timedelta(hours=3))
    webhooks.send_due()
    delivery = WebhookDelivery.objects.get(event="corrected")
    assert (len(receiver.requests), delivery.last_status, delivery.next_attempt_at) == (1, 410, None)


def test_an_endpoint_failing_for_a_day_is_disabled_with_its_last_error_in_the_admin(
    article, hook, receiver, editor, editor_client, committing, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    receiver.status = 500
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
    run_queued_jobs()
    started = timezone.now()
    while Webhook.objects.get().is_active:
        time_machine.shift(timedelta(minutes=30))
        webhooks.send_due()
        assert timezone.now() - started < timedelta(days=1, hours=2), "still active after more than a day"
    disabled = Webhook.objects.get()
    assert timezone.now() - started >= timedelta(days=1)
    assert "answered 500" in disabled.disabled_reason
    tries = len(receiver.requests)
    assert 20 < tries < 40, "an hour apart at most, and no more often than the pauses allow"

    time_machine.shift(timedelta(hours=3))
    webhooks.send_due()
    assert len(receiver.requests) == tries, "a disabled endpoint was sent more"

    listed = editor_client.get("/admin/api/webhook/").text
    assert "answered 500" in listed
    page = editor_client.get(f"/admin/api/webhook/{disabled.pk}/change/").text
    assert "answered 500" in page and disabled.secret in page

    receiver.status = 200
    answer = editor_client.post(
        f"/admin/api/webhook/{disabled.pk}/change/",
        {"name": disabled.name, "url": disabled.url, "events": ALL_EVENTS, "is_active": "on"},
    )
    assert answer.status_code == 302
    enabled = Webhook.objects.get()
    assert (enabled.is_active, enabled.failing_since, enabled.disabled_reason) == (True, None, "")
    webhooks.send_due()
    assert WebhookDelivery.objects.get().delivered_at is not None, "the waiting delivery was not sent once re-enabled"


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example/hooks",
        "https://127.0.0.1/hooks",
        "https://localhost:8443/hooks",
        "https://10.0.0.8/hooks",
        "https://192.168.1.1/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hooks",
        "https://[fd00::1]/hooks",
        "https:///hooks",
    ],
)
def test_an_address_in_the_newsrooms_own_network_or_not_https_is_refused(url, editor, editor_client, settings):
    settings.WEBHOOKS_ALLOW_LOCAL = False
    with pytest.raises(ValidationError) as refused:
        services.webhook_save(hook=Webhook(name="Inside", url=url, events=ALL_EVENTS), by=editor)
    assert "url" in refused.value.message_dict
    answer = editor_client.post("/admin/api/webhook/add/", {"name": "Inside", "url": url, "events": ALL_EVENTS})
    assert answer.status_code == 200 and answer.context["adminform"].form.errors["url"]
    assert not Webhook.objects.exists()


def test_a_public_https_address_is_accepted(editor, settings):
    settings.WEBHOOKS_ALLOW_LOCAL = False
    hook = services.webhook_save(
        hook=Webhook(name="Partner", url="https://93.184.215.14/hooks", events=["published"]), by=editor
    )
    assert len(hook.secret) == 64 and hook.created_by == editor


def test_an_address_is_checked_again_when_sent_to(article, receiver, editor, committing, settings):
    """A name saved while allowed that resolves into the newsroom's network when sent to (as a DNS record changed
    after the check would) is not connected to."""
    port = receiver.url.rsplit(":", 1)[1]
    hook = Webhook(name="Rebound", url=f"https://localhost:{port}/hooks", events=ALL_EVENTS)
    services.webhook_save(hook=hook, by=editor)
    settings.WEBHOOKS_ALLOW_LOCAL = False
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
    run_queued_jobs()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get(event="corrected")
    assert "private or reserved network" in delivery.last_error and delivery.next_attempt_at is not None


def test_only_editors_register_endpoints(reporter, reporter_client, receiver):
    assert reporter_client.get("/admin/api/webhook/add/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.webhook_save(hook=Webhook(name="Mine", url=receiver.url, events=ALL_EVENTS), by=reporter)
    assert not Webhook.objects.exists()


def test_an_editor_registers_an_endpoint_in_the_admin_and_sees_its_secret(editor_client, receiver):
    answer = editor_client.post(
        "/admin/api/webhook/add/",
        {"name": "Partner Daily", "url": receiver.url, "events": ["published", "taken_down"], "is_active": "on"},
    )
    assert answer.status_code == 302
    hook = Webhook.objects.get()
    assert hook.events == ["published", "taken_down"] and hook.is_active
    assert hook.secret in editor_client.get(f"/admin/api/webhook/{hook.pk}/change/").text
    assert (
        editor_client.post(
            "/admin/api/webhook/add/", {"name": "Nothing", "url": receiver.url, "events": []}
        ).status_code
        == 200
    )


def test_a_save_that_is_rolled_back_sends_nothing(hook, receiver, editor, reporter, committing):
    article = draft(reporter)
    with committing(), pytest.raises(ValidationError):
        article.headline = ""
        article_publish(article=article, by=editor)
    run_queued_jobs()
    assert receiver.requests == [] and WebhookDelivery.objects.count() == 0
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_deliveries_done_with_are_forgotten_after_a_month_and_waiting_ones_kept(
    article, hook, receiver, editor, committing, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    with committing():
        correction_add(article=article, by=editor, text="A wrong date.")
    run_queued_jobs()
    receiver.status = 503
    with committing():
        correction_add(article=article, by=editor, text="A wrong place.")
    run_queued_jobs()
    time_machine.shift(webhooks.KEPT_FOR + timedelta(minutes=1))
    Webhook.objects.update(failing_since=None)  # still tried: the endpoint is not disabled
    webhooks.send_due()
    (kept,) = WebhookDelivery.objects.all()
    assert kept.delivered_at is None and kept.next_attempt_at is not None
