"""What happened to an article, for the webhooks: published, updated significantly, corrected, taken down.

Saves and corrections are seen as they are written (signals, connected in ApiConfig.ready); an article going live
or expiring at its set time writes nothing, so a scan every minute (a django-q2 schedule) finds those."""

from django.db import transaction
from django.utils import timezone

from api.models import EventScan, Webhook
from api.webhooks import emit
from articles.choices import CorrectionKind, Visibility
from articles.models import Article

Event = Webhook.Event


def article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, "_row_before", None)
    was_live = before is not None and before.visibility == Visibility.LIVE
    is_live = instance.visibility == Visibility.LIVE
    if is_live and not was_live:
        emit(Event.PUBLISHED, instance)
    elif was_live and not is_live:
        emit(Event.TAKEN_DOWN, instance)
    elif is_live and before.significantly_updated_at != instance.significantly_updated_at:
        emit(Event.UPDATED, instance)


def article_deleted(sender, instance, **kwargs):
    if instance.visibility == Visibility.LIVE:
        emit(Event.TAKEN_DOWN, instance)


def correction_saved(sender, instance, created, raw=False, **kwargs):
    """A correction or clarification is "corrected"; an update note says the story moved on: "updated"."""
    if created and not raw and instance.article.visibility == Visibility.LIVE:
        emit(Event.UPDATED if instance.kind == CorrectionKind.UPDATE else Event.CORRECTED, instance.article)


def scan_scheduled() -> None:
    """Articles that went live or expired at their set time since the last scan (every minute)."""
    now = timezone.now()
    with transaction.atomic():
        scan, created = EventScan.objects.select_for_update().get_or_create(pk=1, defaults={"scanned_until": now})
        if created:
            return
        since = scan.scanned_until
        for article in Article.objects.went_live_between(since, now):
            emit(Event.PUBLISHED, article)
        for article in Article.objects.expired_between(since, now):
            emit(Event.TAKEN_DOWN, article)
        EventScan.objects.filter(pk=1).update(scanned_until=now)
