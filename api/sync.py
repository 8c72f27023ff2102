"""The sync: every article readers see or have seen, and every deleted one, in the order they last changed.

A partner pages through it with a cursor, the (changed_at, id) of the last entry it got, and keeps that cursor to
ask again later: an article that changes moves to the end, so each change is seen exactly once, and nothing is
skipped or repeated while articles change underneath. Entries are only given once they are SETTLE old: a save
stamps its time when it starts and becomes visible when it commits, and a partner must not have paged past that
time before the save is there to be read.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import models
from django.utils import timezone

from api.models import DeletedArticle
from articles.dependencies import LIFETIMES, SYNC_END
from articles.local_times import in_calendar
from articles.models import Article
from articles.querysets import published_at_the_time

SETTLE = timedelta(seconds=LIFETIMES[SYNC_END])  # a cached end of the sync lives as long
LARGEST_ID = 2**63 - 1  # a BigAutoField's


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    changed_at: datetime
    id: int

    def __str__(self):
        raw = f"{self.changed_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            moment, pk = raw.split("|")
            changed_at = datetime.fromisoformat(moment)
            cursor = cls(changed_at, int(pk))
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise BadCursor("cursor is not one this API gave") from error
        if changed_at.tzinfo is None or not 0 <= cursor.id < LARGEST_ID or not in_calendar(changed_at):
            raise BadCursor("cursor is not one this API gave")
        return cursor


@dataclass(frozen=True)
class Entry:
    changed_at: datetime
    id: int
    gone: str  # why partners must take it down ("expired", "unpublished", "deleted"), or "" while it is live


def changes(after: Cursor | None, limit: int, sections=None) -> tuple[list[Entry], bool]:
    """Up to `limit` entries after the cursor, oldest change first, and whether more were there; only those of
    `sections` (ids) when given."""
    settled = timezone.now() - SETTLE
    articles = (
        (Article.objects.published() | Article.objects.gone_out())
        .with_changed_at()
        .filter(changed_at__lte=settled)
        .annotate(gone=gone_reason())
        .values_list("changed_at", "pk", "gone")
        .order_by()
    )
    deleted = (
        DeletedArticle.objects.filter(deleted_at__lte=settled)
        .annotate(gone=models.Value("deleted"))
        .values_list("deleted_at", "article_id", "gone")
        .order_by()
    )
    if sections is not None:
        articles = articles.filter(section_id__in=sections)
        deleted = deleted.filter(section_id__in=sections)
    if after is not None:
        articles = articles.changed_from(after.changed_at).filter(
            models.Q(changed_at__gt=after.changed_at) | models.Q(changed_at=after.changed_at, pk__gt=after.id)
        )
        deleted = deleted.filter(
            models.Q(deleted_at__gt=after.changed_at) | models.Q(deleted_at=after.changed_at, article_id__gt=after.id)
        )
    articles = articles.filter(**within_first(articles, after, limit + 1))
    rows = list(articles.union(deleted, all=True).order_by("changed_at", "pk")[: limit + 1])
    entries = [Entry(as_aware(changed_at), pk, gone) for changed_at, pk, gone in rows[:limit]]
    return entries, len(rows) > limit


def within_first(articles, after: Cursor | None, count: int) -> dict:
    """A bound on changed_at that the first `count` of `articles` by changed_at are within, as filter arguments
    an index can use ({} when there is none).

    changed_at is worked out from the row and the time, so no index orders by it. But it is never before
    updated_at: any `count` of the articles, found by updated_at's index (those saved soonest after the cursor),
    have changed by some moment T, so the first `count` by changed_at have too, and were saved by T. Only the
    articles saved by T are then sorted, not every article since the cursor."""
    saved = articles if after is None else articles.filter(updated_at__gt=after.changed_at)
    found = list(saved.order_by("updated_at", "pk").values_list("changed_at", flat=True)[:count])
    if len(found) < count:
        return {}
    bound = max(found)
    return {"changed_at__lte": bound, "updated_at__lte": bound}


def entry(article_id: int, sections=None) -> Entry | None:
    """The one-article twin of changes(): the article as the sync would give it now, settled or not."""
    if not 0 < article_id <= LARGEST_ID:
        return None
    articles = Article.objects.published() | Article.objects.gone_out()
    deleted = DeletedArticle.objects.filter(article_id=article_id)
    if sections is not None:
        articles = articles.filter(section_id__in=sections)
        deleted = deleted.filter(section_id__in=sections)
    found = (
        articles.filter(pk=article_id)
        .with_changed_at()
        .annotate(gone=gone_reason())
        .values_list("changed_at", "gone")
        .first()
    )
    if found is not None:
        return Entry(found[0], article_id, found[1])
    deleted_at = deleted.values_list("deleted_at", flat=True).first()
    return Entry(deleted_at, article_id, "deleted") if deleted_at else None


def gone_reason():
    """ "" for the published articles, else why partners must take the article down."""
    now = timezone.now()
    return models.Case(
        models.When(published_at_the_time(now), then=models.Value("")),
        models.When(expire_at__lte=now, then=models.Value("expired")),
        default=models.Value("unpublished"),
        output_field=models.CharField(),
    )


def as_aware(moment) -> datetime:
    """SQLite hands a union's datetimes back as text."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
