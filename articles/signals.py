"""Purging the pages that show what a save or delete changed (articles.dependencies says which).

Not a business rule, and not in services.py on purpose: every write path must purge (the admin, services,
commands, imports, the shell), including rows the services never touch (tags, author bios, image captions,
an agency's licence, a rendition made or remade). The row as it was is read before the save, so that a change
purges the listings an article leaves as well as those it enters. The view counter's UPDATE sends no signal,
so counting views purges nothing. WATCHED must hold every model a reader's page reads:
tests/articles/test_page_cache_watched.py finds them from the pages' queries. Apps that build on articles add
their own models with watch() from their AppConfig.ready() (authors does), so that articles never imports them.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from taggit.models import Tag, TaggedItem

from articles import dependencies, purge
from articles.models import Article, Byline, Correction, Page, Section
from media.models import Agency, Image, Rendition

# {model: function(row before, row after) → what the change purges (dependencies.resolve)}; a row is None where it
# does not exist.
WATCHED = {
    Article: dependencies.article_changed,
    Byline: dependencies.byline_changed,
    Correction: dependencies.correction_changed,
    Section: dependencies.section_changed,
    Page: dependencies.page_changed,
    Image: dependencies.image_changed,
    Agency: dependencies.agency_changed,
    Rendition: dependencies.rendition_changed,
    Tag: dependencies.tag_changed,
    TaggedItem: dependencies.tagged_item_changed,
}
# The change's keys depend on the row as it was, read before the save.
COMPARED = {Article, Byline, Section, Page, Tag}
# Rows whose times schedule changes (publication, expiry, picture rights): a save may move the next one.
SCHEDULING = {Article, Image}

_batch = threading.local()


def changed(changes):
    """Purge what `changes` name (dependencies.resolve) now, or at the end of the one_change() block this runs in."""
    if getattr(_batch, "changes", None) is not None:
        _batch.changes |= changes
    else:
        purge.purge(dependencies.resolve(changes))


@contextmanager
def one_change():
    """Treat the saves inside as one change: what they purge is purged once, at the end.

    An imported article is a dozen saves (the article, bylines, tags, revision); each would
    otherwise log its own purge. Use it inside the transaction that makes the change."""
    if getattr(_batch, "changes", None) is not None:
        yield
        return
    _batch.changes = set()
    try:
        yield
        changes = _batch.changes
    finally:
        _batch.changes = None
    purge.purge(dependencies.resolve(changes))


def remember_before(sender, instance, raw=False, **kwargs):
    instance._row_before = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None


def saved(sender, instance, created, raw=False, **kwargs):
    before = None if created else getattr(instance, "_row_before", instance)
    changed(WATCHED[sender](before, instance))
    if sender in SCHEDULING:
        purge.reschedule()


def deleted(sender, instance, **kwargs):
    changed(WATCHED[sender](instance, None))


def tags_changed(sender, instance, action, pk_set, **kwargs):
    """article.tags.add/remove/clear: purged before (the tags it leaves) and after (those it joins)."""
    if isinstance(instance, Article):
        changed(dependencies.tagging_changed(instance.pk, pk_set or ()))


def watch(model, purges):
    """Purge the pages showing a row of `model` whenever one is saved or deleted; `purges(before, after)` says
    which keys."""
    WATCHED[model] = purges
    label = model._meta.label
    if model in COMPARED:
        pre_save.connect(remember_before, sender=model, dispatch_uid=f"page-cache-before-{label}")
    post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-save-{label}")
    pre_delete.connect(deleted, sender=model, dispatch_uid=f"page-cache-delete-{label}")


def connect():
    for model, purges in list(WATCHED.items()):
        watch(model, purges)
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid="page-cache-tags")
