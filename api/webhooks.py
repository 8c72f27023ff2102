"""Webhooks: endpoints told when articles are published, updated significantly, corrected or taken down.

An event makes one delivery per endpoint that wants it, sent by a background job once the change commits, so an
editor's save never waits for a partner's server. Each delivery is a JSON body signed with the endpoint's secret:
`X-Newsroom-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, so that a receiver can check who sent
it and refuse a replay older than a few minutes. One not answered 2xx is sent again after growing pauses; an
endpoint failing for a day is disabled, its last errors kept for the admin. Addresses are https:// and outside
private networks, checked when saved and again, against what the name resolves to, at each delivery.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import time
import urllib.parse
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

import jobs
from api.models import Webhook, WebhookDelivery
from jobs.backoff import doubling

TIMEOUT_SECONDS = 10
GIVE_UP_AFTER = timedelta(days=1)
FIRST_PAUSE = timedelta(minutes=1)
RETRIED_STATUSES = {408, 425, 429}
LISTENING_KEY = "webhooks:listening"
# How long the admin shows a delivery once it is done with.
KEPT_FOR = timedelta(days=30)


class RefusedAddress(ValueError):
    pass


def signature(secret: str, body: bytes, at: int) -> str:
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def check_address(url: str) -> list[str]:
    """The addresses `url`'s host resolves to, or RefusedAddress: not https, or any of them private, loopback,
    link-local or reserved (the newsroom's own network must not be reachable through a webhook)."""
    parts = urllib.parse.urlsplit(url)
    local_allowed = settings.WEBHOOKS_ALLOW_LOCAL
    if parts.scheme != "https" and not (local_allowed and parts.scheme == "http"):
        raise RefusedAddress("A webhook's address must start with https://.")
    if not parts.hostname:
        raise RefusedAddress("A webhook's address needs a host name.")
    try:
        found = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError) as error:
        raise RefusedAddress(f"{parts.hostname} does not resolve: {error}.") from None
    for address in found:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global and not local_allowed:
            raise RefusedAddress(f"{parts.hostname} is in a private or reserved network ({ip}).")
    return sorted(found)


def listening() -> dict[int, list[str]]:
    """The active endpoints and the events each wants, kept in the cache: every live article's save asks, and most
    sites have no endpoint at all (an import would otherwise pay a query an article)."""
    found = cache.get(LISTENING_KEY)
    if found is None:
        found = dict(Webhook.objects.filter(is_active=True).values_list("pk", "events"))
        cache.set(LISTENING_KEY, found, timeout=300)
    return found


def endpoints_changed() -> None:
    """Forget the endpoints kept: now, and again once the change commits (a request between would keep the old)."""
    cache.delete(LISTENING_KEY)
    transaction.on_commit(lambda: cache.delete(LISTENING_KEY))


def emit(event: str, article) -> None:
    """One delivery of `event` about `article` to each active endpoint that wants it, sent once this commits."""
    wanting = [pk for pk, wanted in listening().items() if event in wanted]
    if not wanting:
        return
    wanting = Webhook.objects.filter(pk__in=wanting, is_active=True).values_list("pk", flat=True)  # still so
    body = json.dumps(
        {
            "event": event,
            "occurred_at": timezone.now().isoformat(),
            "article": {
                "id": article.pk,
                "headline": article.headline,
                "url": absolute(article.get_absolute_url()) if event != Webhook.Event.TAKEN_DOWN else None,
                "api_url": absolute(reverse("api-v1:article_detail", kwargs={"article_id": article.pk})),
            },
        }
    )
    for hook_id in wanting:
        delivery = WebhookDelivery.objects.create(
            webhook_id=hook_id, event=event, article_id=article.pk, body=body, next_attempt_at=timezone.now()
        )
        jobs.enqueue("api.webhooks.deliver", delivery.pk)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def deliver(delivery_id: int) -> None:
    """Send one delivery now, if it is still due (a job and the minute's sweep may both hold it)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id, delivered_at__isnull=True, next_attempt_at__lte=timezone.now())
            .first()
        )
        if delivery is None or not delivery.webhook.is_active:
            return
        # Claimed: a second sender finds it not due until this attempt has had its time.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=timezone.now() + timedelta(seconds=TIMEOUT_SECONDS * 3)
        )
    status, error = send(delivery.webhook, delivery.event, delivery.body.encode())
    record(delivery, status, error)


def send_due() -> None:
    """Every minute (a django-q2 schedule): send again the deliveries whose pause has ended, and forget those done
    with (delivered, or given up on) more than KEPT_FOR ago."""
    done_with = models.Q(delivered_at__isnull=False) | models.Q(next_attempt_at__isnull=True)
    WebhookDelivery.objects.filter(done_with, created_at__lt=timezone.now() - KEPT_FOR).delete()
    due = WebhookDelivery.objects.filter(
        delivered_at__isnull=True, next_attempt_at__lte=timezone.now(), webhook__is_active=True
    ).values_list("pk", flat=True)
    for delivery_id in list(due[:500]):
        deliver(delivery_id)


def send(hook: Webhook, event: str, body: bytes) -> tuple[int | None, str]:
    """(the HTTP status, "") or (None, what went wrong); to the address the host resolves to now."""
    parts = urllib.parse.urlsplit(hook.url)
    try:
        address = check_address(hook.url)[0]
    except RefusedAddress as error:
        return None, str(error)
    at = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"{settings.SITE_NAME} webhooks",
        "X-Newsroom-Event": event,
        "X-Newsroom-Signature": signature(hook.secret, body, at),
        "Host": parts.netloc,
    }
    connection = pinned_connection(parts, address)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body, headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status, ""
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {error}"
    finally:
        connection.close()


class PinnedHTTPConnection(http.client.HTTPConnection):
    """A connection to an address already checked, for the URL's host: no second lookup an attacker could answer."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def pinned_connection(parts, address: str):
    if parts.scheme == "http":
        return PinnedHTTPConnection(parts.hostname, parts.port or 80, address, timeout=TIMEOUT_SECONDS)
    return PinnedHTTPSConnection(parts.hostname, parts.port or 443, address, timeout=TIMEOUT_SECONDS)


def record(delivery: WebhookDelivery, status: int | None, error: str) -> None:
    now = timezone.now()
    hook = delivery.webhook
    attempts = delivery.attempts + 1
    if status is not None and 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts, delivered_at=now, next_attempt_at=None, last_status=status, last_error=""
        )
        Webhook.objects.filter(pk=hook.pk).update(failing_since=None)
        return
    retried = status is None or status >= 500 or status in RETRIED_STATUSES
    problem = error or f"answered {status}"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        last_status=status,
        last_error=problem,
        next_attempt_at=now + doubling(attempts, FIRST_PAUSE) if retried else None,
    )
    failing_since = hook.failing_since or now
    if hook.failing_since is None:
        Webhook.objects.filter(pk=hook.pk, failing_since__isnull=True).update(failing_since=now)
    if now - failing_since >= GIVE_UP_AFTER:
        endpoints_changed()
        Webhook.objects.filter(pk=hook.pk).update(
            is_active=False,
            disabled_reason=f"Disabled on {now:%Y-%m-%d %H:%M} UTC after failing since "
            f"{failing_since:%Y-%m-%d %H:%M} UTC; last: {problem}",
        )
