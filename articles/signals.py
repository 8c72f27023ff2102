"""Bumping the page cache's generation whenever something readers see changes.

Not a business rule, and not in services.py on purpose: every write path must
invalidate (the admin, services, commands, imports, the shell), including rows the
services never touch (tags, author bios, image captions, an agency's licence, a
rendition made or remade). The view counter's UPDATE sends no signal, so counting
views does not empty the cache. WATCHED must hold every model a reader's page reads:
tests/articles/test_page_cache_watched.py finds them from the pages' queries. Apps that build on
articles add their own models with watch() from their AppConfig.ready() (authors does), so that
articles never imports them.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles import edge
from articles.models import Article, Byline, Correction, Page, PublicationState, Section
from articles.page_cache import announce_generation, forget_generation
from media.models import Agency, Image, Rendition

WATCHED = [
    Article,
    Byline,
    Correction,
    Section,
    Page,
    Image,
    Agency,
    Rendition,
    Tag,
    TaggedItem,
]


def content_changed(action="post_save", **kwargs):
    if action.startswith("pre_"):  # m2m_changed announces each change twice
        return
    if getattr(_batch, "active", False):
        _batch.changed = True
        return
    bump_generation()


def bump_generation():
    # In the writer's transaction, so the new generation becomes visible exactly when the change does.
    if not PublicationState.objects.filter(pk=1).update(version=F("version") + 1):
        PublicationState.objects.get_or_create(pk=1)
    forget_generation()
    # A reader may have re-read the old generation before the commit: forget it again after, and tell
    # the other servers.
    transaction.on_commit(announce_generation)
    transaction.on_commit(lambda: edge.purge({"all"}))


_batch = threading.local()


@contextmanager
def one_change():
    """Treat the saves inside as one change: the generation is bumped once, at the end, if anything changed.

    An imported article is a dozen saves (the article, bylines, tags, revision); each would
    otherwise update the same row. Use it inside the transaction that makes the change."""
    if getattr(_batch, "active", False):
        yield
        return
    _batch.active, _batch.changed = True, False
    try:
        yield
    finally:
        _batch.active = False
    if _batch.changed:
        bump_generation()


def watch(model):
    """Update readers' pages whenever a row of `model` is saved or deleted."""
    if model not in WATCHED:
        WATCHED.append(model)
    post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")


def connect():
    for model in list(WATCHED):
        watch(model)
    m2m_changed.connect(content_changed, sender=TaggedItem, dispatch_uid="page-cache-tags")
