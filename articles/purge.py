"""Purging readers' pages by dependency key (issue 14), in this server's cache, the others' and the edge's.

Each key has a *token* in the cache: the moment it was last purged. A cached page holds the tokens of its keys
as they were when it was rendered, and is served only while they are unchanged (articles.page_cache). A purge
changes the tokens at once in the writer's transaction (so this process never keeps a page rendered from the
old rows) and again once the change is committed (so a reader who rendered the old rows meanwhile is not kept
either), records the keys in a PurgeLog row for servers whose cache is their own, and purges the edge.

Every PAGE_CACHE_CHECK_SECONDS each process polls the log, applying the purges its cache has not seen, purges
(once across processes) what went live or expired on its own since the last look, and learns the next scheduled
moment (publication, expiry, picture rights ending), past which no page is kept: no cron job.
"""

import logging
import math
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from articles import dependencies, edge
from articles.models import Article, PublicationState, PurgeLog
from common.caches import add_many
from media.models import Image

logger = logging.getLogger("articles.purge")

PURGED_AT = "page-cache:purged:{}"
APPLIED = "page-cache:applied:{}"
# A row is read by every poll this long after it was written: longer than a transaction takes to commit.
LOG_MARGIN = timedelta(seconds=60)
LOG_KEPT = timedelta(hours=1)
PRUNE_EVERY = 100
# A page served from this process's memory checks its tokens in the shared cache at most this often: a change made
# through another server shows within it, and a hot page costs no trip to Redis (the first cross-server version,
# reading Redis on every request, cost cached pages a third of their rate).
TOKEN_READ_SECONDS = 0.1
TOKENS_REMEMBERED = 10_000
# A database that takes this long to fail is hung, not down: it is left alone for HUNG_PAUSE_SECONDS, during which
# readers get what the cache holds at once rather than each waiting for it (PostgreSQL's connect_timeout is 10 s).
SLOW_FAILURE_SECONDS = 1.0
HUNG_PAUSE_SECONDS = 10.0
# With nothing due, the moment caught up to still moves on this often, so that each look reads a short span.
CATCH_UP_AT_LEAST = timedelta(minutes=1)
DATABASE_ERRORS = (OperationalError, InterfaceError)


def edge_purge(keys) -> None:
    """Purge `keys` at the edge cache in front of the site (a CDN or Varnish: articles.edge)."""
    edge.purge(keys)


def set_tokens(keys, moment: float) -> None:
    cache.set_many({PURGED_AT.format(key): moment for key in keys}, None)
    _remember(dict.fromkeys(keys, moment), keys)


def _remember(found, keys):
    read_at = time.monotonic()
    if len(state.tokens) > TOKENS_REMEMBERED:
        state.tokens = {}
    state.tokens.update({key: (found.get(key), read_at) for key in keys})


def _read_tokens(keys) -> dict:
    stored = cache.get_many([PURGED_AT.format(key) for key in keys])
    found = {key: stored[PURGED_AT.format(key)] for key in keys if PURGED_AT.format(key) in stored}
    _remember(found, keys)
    return found


def tokens(keys) -> dict:
    """{key: token} of the keys that have one, as this process read them at most TOKEN_READ_SECONDS ago."""
    now, found, unread = time.monotonic(), {}, []
    for key in keys:
        token, read_at = state.tokens.get(key, (None, float("-inf")))
        if now - read_at >= TOKEN_READ_SECONDS:
            unread.append(key)
        elif token is not None:
            found[key] = token
    return found | (_read_tokens(unread) if unread else {})


def tokens_for_storing(keys, rendered_since: float) -> dict | None:
    """The tokens to store a page showing `keys` with, or None if one was purged while it rendered.

    A key without a token (never purged, or evicted) gets the moment the render began."""
    found = _read_tokens(keys)
    missing = {PURGED_AT.format(key): key for key in set(keys) - set(found)}
    added = add_many(cache, dict.fromkeys(missing, rendered_since), None)
    found |= {missing[stored]: rendered_since for stored in added}
    taken = [stored for stored in missing if stored not in added]  # by a purge or another render meanwhile
    if taken:
        held = cache.get_many(taken)
        found |= {missing[stored]: held.get(stored, math.inf) for stored in taken}
    _remember(found, keys)
    if any(token > rendered_since for token in found.values()):
        return None
    return found


def purge(keys) -> None:
    """Purge every page showing what `keys` name; call it in the transaction making the change."""
    keys = set(keys)
    if not keys:
        return
    row = PurgeLog.objects.create(keys=" ".join(sorted(keys)))
    set_tokens(keys, time.time())
    cache.set(APPLIED.format(row.pk), True, LOG_MARGIN.total_seconds() * 2)
    transaction.on_commit(partial(_committed, keys))
    if row.pk % PRUNE_EVERY == 0:
        PurgeLog.objects.filter(at__lt=row.at - LOG_KEPT).delete()


def _committed(keys):
    set_tokens(keys, time.time())
    edge_purge(keys)


class PollState:
    """What this process knows of the purge log and the schedule."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.next_poll = float("-inf")  # time.monotonic()
        self.read_since = timezone.now() - LOG_MARGIN
        self.next_event = float("-inf")  # time.time() of the next scheduled change
        self.moments_passed = 0  # scheduled changes this process has seen pass (articles.shared_blocks)
        self.failing = False
        self.hung_until = float("-inf")  # time.monotonic()
        self.tokens = {}  # {key: (token or None, time.monotonic() when read)}
        self.logged = set()  # the purge log rows read last time


state = PollState()


def next_event() -> float:
    """The next scheduled moment (time.time()) at which what readers see changes on its own."""
    now = timezone.now()
    moments = [
        Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first(),
        Article.objects.published()
        .filter(expire_at__isnull=False)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)
        .first(),
        Image.objects.filter(rights_expire_at__gt=now)
        .order_by("rights_expire_at")
        .values_list("rights_expire_at", flat=True)
        .first(),
    ]
    return min((moment.timestamp() for moment in moments if moment is not None), default=math.inf)


def poll() -> None:
    """Every PAGE_CACHE_CHECK_SECONDS, or once a scheduled moment has passed: apply purges logged by the others,
    and catch up with the schedule. With the database down it gives up until the next check, quietly."""
    now = time.monotonic()
    due = time.time() >= state.next_event and not state.failing
    if (now < state.next_poll and not due) or database_hung():
        return
    state.next_poll = now + settings.PAGE_CACHE_CHECK_SECONDS
    try:
        _apply_logged()
        _catch_up()
        if due:
            state.moments_passed += 1
        state.next_event = next_event()
    except DATABASE_ERRORS as error:
        if not state.failing:
            logger.warning("The page cache cannot read the purge log (%s); serving what it holds.", error)
        database_failed(since=now)
        return
    if state.failing:
        logger.info("The page cache reads the purge log again.")
    state.failing = False


def database_failed(*, since: float) -> None:
    """A query begun at `since` (time.monotonic()) failed: the database is down, or hung if it took long."""
    state.failing = True
    if time.monotonic() - since >= SLOW_FAILURE_SECONDS:
        state.hung_until = time.monotonic() + HUNG_PAUSE_SECONDS


def database_hung() -> bool:
    """Whether the database was found hung a moment ago: pages are not rendered until it has been tried again."""
    return time.monotonic() < state.hung_until


def reschedule() -> None:
    """A scheduled moment may have moved: look again at the next request."""
    state.next_poll = float("-inf")


def _apply_logged():
    read_at = timezone.now()
    rows = dict(PurgeLog.objects.filter(at__gte=state.read_since).values_list("pk", "keys"))
    for pk in rows.keys() - state.logged:
        # Once per cache: once for all the servers sharing one, once for each that has its own.
        if cache.add(APPLIED.format(pk), True, LOG_MARGIN.total_seconds() * 2):
            set_tokens(rows[pk].split(), time.time())
    state.read_since, state.logged = read_at - LOG_MARGIN, set(rows)


def _catch_up():
    """Purge what went live or expired since the last catch-up, whatever process made it: once for all of them.

    Every poll looks, not only once the next scheduled moment this process knows of has passed: a moment may come
    before a process has heard of it (an article scheduled a second ahead)."""
    now = timezone.now()
    since = PublicationState.objects.values_list("caught_up_to", flat=True).first()
    if since is None:
        PublicationState.objects.update_or_create(pk=1, defaults={"caught_up_to": now})
        return
    keys = dependencies.became_due(since, now)
    if not keys and now - since < CATCH_UP_AT_LEAST:
        return
    with transaction.atomic():
        if PublicationState.objects.filter(pk=1, caught_up_to=since).update(caught_up_to=now):
            purge(keys)


def purge_after_migrate(**kwargs) -> None:
    """After `migrate` (every deploy runs it): pages rendered by the code and schema of before go, everywhere."""
    purge({dependencies.ALL})
