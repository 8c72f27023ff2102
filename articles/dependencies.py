"""The page cache's dependency keys (issue 14): their names, and what each change purges. One definition.

A page declares what it shows while it renders (`add(request, keys)`, or common.dependencies.shown from a
template tag or feed); the keys are stored with the cached page and sent to the edge (`of(request)`).
A change purges the keys below, computed from the row before and after it (articles/signals.py):

    a<id>  an article's own page          c<id>  its card, wherever listed (headline, standfirst, picture…)
    s<id>  a section's listing            t<id>  a tag's listing          u<id>  an author's page
    i<id>  a picture                      g<id>  a picture agency         p<id>  a static page
    home, feeds (feeds, sitemaps, archives), search, corrections, nav (every page's header and footer),
    mostread (refreshed by its lifetime, not purged: counting views purges nothing), syncend (the end of the
    API's sync, refreshed by its lifetime as new changes settle), all (every page).

A live article entering, leaving or changing its card purges the listings it is or was in; a body-only edit
purges its page and search; a draft, in review or scheduled article purges nothing readers see.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from articles.choices import CorrectionKind, Visibility
from articles.models import Article, Byline
from common.dependencies import image_keys as image_keys
from common.dependencies import shown as shown
from media.models import Image

ALL = "all"
HOME = "home"
FEEDS = "feeds"
SEARCH = "search"
CORRECTIONS = "corrections"
NAV = "nav"
MOST_READ = "mostread"
# The end of the content API's sync, which grows as articles change: its entries appear once they are this old.
SYNC_END = "syncend"
# Most-read is ordered by view counts, which purge nothing: pages showing it are kept this long at most.
LIFETIMES = {MOST_READ: 300, SYNC_END: 5}

# What an article's card shows, wherever it is listed: a change to one of these reaches every listing.
CARD_FIELDS = {"headline", "slug", "standfirst", "section_id", "lead_image_id", "publish_at", "is_featured"}
# Shown in feeds and sitemaps besides the article's page: its picture's caption, and when it last changed as news.
FEED_FIELDS = {"lead_image_caption", "significantly_updated_at"}
# Saved with every edit but shown nowhere, or counted without a signal.
UNSHOWN_FIELDS = {"view_count", "updated_at", "version", "last_edited_by_id", "created_by_id", "submitted_at"}


def article(pk):
    return f"a{pk}"


def card(pk):
    return f"c{pk}"


def section(pk):
    return f"s{pk}"


def tag(pk):
    return f"t{pk}"


def author(pk):
    return f"u{pk}"


def page(pk):
    return f"p{pk}"


def image(pk):
    return f"i{pk}"


def agency(pk):
    return f"g{pk}"


def add(request, keys) -> None:
    """`request`'s page shows what `keys` name."""
    collected = getattr(request, "page_dependencies", None)
    if collected is not None:
        collected.update(keys)


def of(request) -> frozenset:
    """The keys of what `request`'s page shows (for the page cache and the edge's surrogate keys)."""
    return frozenset(getattr(request, "page_dependencies", ()))


def lifetime(keys, seconds: float) -> float:
    """How long a page showing `keys` may be kept, at most `seconds`."""
    return min([seconds, *(LIFETIMES[key] for key in keys if key in LIFETIMES)])


def _is_live(article_row) -> bool:
    return article_row is not None and article_row.visibility == Visibility.LIVE


def listed(article_row, tag_ids, author_ids) -> set[str]:
    """Every key of a live article: its page, its card, and every listing it is in."""
    pk = article_row.pk
    keys = {HOME, FEEDS, SEARCH, CORRECTIONS, article(pk), card(pk), section(article_row.section_id)}
    return keys | {tag(tag_id) for tag_id in tag_ids} | {author(author_id) for author_id in author_ids}


def listings(article_row) -> set[str]:
    """listed() with the article's tags and authors as they are in the database."""
    tag_ids = article_row.tags.values_list("pk", flat=True)
    author_ids = Byline.objects.filter(article_id=article_row.pk).values_list("author_id", flat=True)
    return listed(article_row, tag_ids, author_ids)


def article_changed(before, after) -> set:
    was, now = _is_live(before), _is_live(after)
    if not (was or now):
        return set()
    if was and now:
        unsaved = UNSHOWN_FIELDS | after.get_deferred_fields()  # a field not loaded was not saved either
        changed = {
            field.attname
            for field in after._meta.concrete_fields
            if field.attname not in unsaved and getattr(before, field.attname) != getattr(after, field.attname)
        }
        if not changed:
            return set()
        if not changed & CARD_FIELDS:
            return {article(after.pk), SEARCH} | ({FEEDS} if changed & FEED_FIELDS else set())
    return listings_changed(before if was else None, after if now else None)


def listings_changed(before, after) -> set:
    """The listings article `before` (a live row, read before the change) leaves, and those article `after` enters
    if it is live once the change is made; either may be None."""
    leaving = listings(before) if _is_live(before) else set()
    return leaving | ({IfLive(after.pk, row=after)} if after is not None else set())


@dataclass(frozen=True)
class IfLive:
    """The listings of article `article_id` and `keys`, if it is live once the change is made: resolved then, once
    per article however many of its bylines and tags one change writes."""

    article_id: int
    keys: frozenset = frozenset()
    # The article as last saved, when known: saves it from being read again.
    row: object = field(default=None, compare=False, hash=False)


def resolve(changes) -> set[str]:
    """The keys `changes` (keys and IfLive) purge."""
    keys, extra, rows = set(), {}, {}
    for change in changes:
        if isinstance(change, IfLive):
            extra.setdefault(change.article_id, set()).update(change.keys)
            if change.row is not None:
                rows[change.article_id] = change.row
        else:
            keys.add(change)
    unknown = set(extra) - set(rows)
    rows |= Article.objects.in_bulk(unknown) if unknown else {}
    for pk, row in rows.items():
        if _is_live(row):
            keys |= listings(row) | extra[pk]
    return keys


def byline_changed(before, after) -> set:
    authors = frozenset(author(byline.author_id) for byline in (before, after) if byline is not None)
    return {IfLive((after or before).article_id, authors)}


def tagging_changed(article_id, tag_ids) -> set:
    return {IfLive(article_id, frozenset(tag(pk) for pk in tag_ids))}


def tagged_item_changed(before, after) -> set[str]:
    item = after or before
    if ContentType.objects.get_for_id(item.content_type_id).model_class() is not Article:
        return set()
    return tagging_changed(item.object_id, {item.tag_id})


def correction_changed(before, after) -> set[str]:
    note = after or before
    row = Article.objects.filter(pk=note.article_id).first()
    if not _is_live(row):
        return set()
    # An update note is news: feeds and sitemaps date the article by it (services.correction_add).
    return {article(row.pk), CORRECTIONS} | ({FEEDS} if note.kind == CorrectionKind.UPDATE else set())


def _fields_changed(before, after, names) -> bool:
    return before is None or after is None or any(getattr(before, name) != getattr(after, name) for name in names)


def section_changed(before, after) -> set[str]:
    pk = (after or before).pk
    if _fields_changed(before, after, ("name", "slug", "position")):
        return {NAV, FEEDS, section(pk)}
    return {section(pk)}


def page_changed(before, after) -> set[str]:
    pk = (after or before).pk
    in_footer = _fields_changed(before, after, ("title", "slug", "is_published", "show_in_footer", "position"))
    return {page(pk), NAV} if in_footer else {page(pk)}


def tag_changed(before, after) -> set[str]:
    """A tag renamed: its listing, its feeds, and the live articles' pages naming it. A new tag is on no page."""
    if before is None or not _fields_changed(before, after, ("name", "slug")):
        return set()
    pk = (after or before).pk
    tagged = Article.objects.published().filter(tags=pk).values_list("pk", flat=True)
    return {tag(pk), FEEDS} | {article(article_pk) for article_pk in tagged}


def author_changed(before, after) -> set[str]:
    """An author's name, photo or biography: their page, and the pages and cards of their live articles."""
    pk = (after or before).pk
    theirs = Article.objects.published().filter(bylines__author_id=pk).values_list("pk", flat=True)
    return {author(pk), FEEDS, SEARCH} | {
        key for article_pk in theirs for key in (article(article_pk), card(article_pk))
    }


def author_link_changed(before, after) -> set[str]:
    return {author((after or before).author_id)}


def image_changed(before, after) -> set[str]:
    return {image((after or before).pk)}


def agency_changed(before, after) -> set[str]:
    return {agency((after or before).pk)}


def rendition_changed(before, after) -> set[str]:
    return {image((after or before).image_id)}


def became_due(since, until) -> set[str]:
    """What went live, expired or lost its picture rights between `since` and `until` on its own, at a time set
    before (an article published or expired by a save was purged by the save)."""
    keys = set()
    moved = Article.objects.went_live_between(since, until) | Article.objects.expired_between(since, until)
    for row in moved:
        keys |= listings(row)
    lost_rights = Image.objects.filter(rights_expire_at__gt=since, rights_expire_at__lte=until)
    return keys | {image(pk) for pk in lost_rights.values_list("pk", flat=True)}
