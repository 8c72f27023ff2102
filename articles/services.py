"""Write paths for articles: the admin, its actions and the commands all come through here.

Each function checks the permission itself, so a hidden button is never the only
guard, and runs in one transaction, so a refused change leaves nothing behind.
"""

from contextlib import nullcontext
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.html import body_image_ids, picture_id, picture_tag, pictures_in, rewrite_pictures, sanitize_article_body
from articles.models import Article, ArticleHourlyViews, Correction, CorrectionKind, Section, Status
from articles.publishing import check_publishable
from media.models import Image
from media.renditions import EDITOR_SPEC, get_rendition

PUBLISH_PERMISSION = "articles.publish_article"
# Moving an article into or out of these takes the publish permission (readers see only published ones).
PUBLISH_PERMISSION_STATUSES = {Status.PUBLISHED, Status.ARCHIVED}
SLUG_ATTEMPTS = 10
PUBLISH_REFUSED = "You do not have permission to publish, schedule, unpublish or archive articles."
NOT_A_LIBRARY_PICTURE = (
    "Pictures in the body come from the image library: choose one with “Browse…” in the figure dialog "
    "(upload it under Images first). Remove or replace the picture at {}."
)
NOT_YET_PUBLISHED = "Only a published article can have a significant update: readers have not seen this one yet."


class EditConflict(ValidationError):
    """Someone saved the article after this editor opened it."""


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def is_own_article(user, article: Article) -> bool:
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_view(user, article: Article) -> bool:
    """Editors see every article in the admin, its history and revisions; reporters their own (as on the desk)."""
    return can_publish(user) or is_own_article(user, article)


def can_edit(user, article: Article) -> bool:
    """Editors edit everything; reporters edit their own articles until they are published."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.status in {Status.DRAFT, Status.IN_REVIEW} and is_own_article(user, article)


def check_status_change(user, old_status: str, new_status: str) -> None:
    """Publishing, scheduling, unpublishing and archiving take the publish permission."""
    if old_status == new_status or can_publish(user):
        return
    if new_status in PUBLISH_PERMISSION_STATUSES or old_status in PUBLISH_PERMISSION_STATUSES:
        raise PermissionDenied(PUBLISH_REFUSED)


def check_edit_conflict(*, article: Article, base_version: int | None) -> None:
    if article.pk is None or base_version is None:
        return
    current = Article.objects.filter(pk=article.pk).select_related("last_edited_by").first()
    if current is not None and current.version != base_version:
        who = current.last_edited_by
        name = (who.get_full_name() or who.get_username()) if who else "Someone"
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        raise EditConflict(
            f"{name} saved this article ({when}) after you opened it. Your changes were not saved: "
            "reload the page to see their version, then make your changes again.",
            code="edit_conflict",
        )


def free_slug(base: str, queryset) -> str:
    """`base`, or the first of base-2, base-3, ... that no row of `queryset` uses."""
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(headline: str, *, exclude_pk=None) -> str:
    """A slug for `headline` that no other article uses yet (suffixes -2, -3, ...)."""
    others = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    return free_slug(slugify(headline)[:240] or "article", others)


def body_picture(image: Image, alt: str = "") -> str:
    """`image` as the body keeps it: its id, and its current editor-sized rendition so that the editor shows it."""
    return picture_tag(image.pk, alt, get_rendition(image, EDITOR_SPEC).url)


def body_pictures_resolve(body: str) -> str:
    """An edited body, sanitized, with each picture pointing at the library image it shows.

    A picture from anywhere else (a pasted address, an image deleted since) is refused, never dropped in silence.
    Each picture's src becomes its image's current rendition, so the editor shows it again on the next edit."""
    images = Image.objects.select_related("agency").in_bulk(body_image_ids(body))
    for picture in pictures_in(body):
        if picture_id(picture.get("data-file")) not in images:
            raise ValidationError(NOT_A_LIBRARY_PICTURE.format(picture.get("src") or "(no address)"), code="picture")

    def current(pk, attributes):
        return body_picture(images[pk], attributes.get("alt", ""))

    return rewrite_pictures(sanitize_article_body(body), current)


def publishing_changed(current: Article | None, article: Article) -> bool:
    """The article goes out now, or again with another lead image or time: its pictures' rights are all checked."""
    return (
        current is None
        or current.status != Status.PUBLISHED
        or current.lead_image_id != article.lead_image_id
        or current.publish_at != article.publish_at
    )


@transaction.atomic
def article_save(*, article: Article, by, base_version: int | None = None, significant_update: bool = False) -> Article:
    """Create or update an article, enforcing permissions, workflow and edit conflicts.

    `significant_update` tells readers the article changed ("Updated", dateModified, lastmod, feeds);
    any other save, a typo fix, leaves those dates alone."""
    current = Article.objects.select_for_update().filter(pk=article.pk).first() if article.pk else None
    if current is None:
        if not by.has_perm("articles.add_article"):
            raise PermissionDenied("You do not have permission to add articles.")
        article.created_by = article.created_by or by
    else:
        check_edit_conflict(article=article, base_version=base_version)
        if not can_edit(by, current):
            raise PermissionDenied("You do not have permission to edit this article.")
    check_status_change(by, current.status if current else Status.DRAFT, article.status)

    made_slug = not article.slug
    if made_slug:
        article.slug = unique_slug(article.headline, exclude_pk=article.pk)
    now = timezone.now()
    if article.status == Status.PUBLISHED:
        article.publish_at = article.publish_at or now
        article.first_published_at = article.first_published_at or article.publish_at
        check_publishable(article, already_out=None if publishing_changed(current, article) else current)
    elif article.first_published_at and article.first_published_at > now:
        # Unpublished before its scheduled time: it never went out.
        article.first_published_at = None
    if article.status == Status.IN_REVIEW and (current is None or current.status != Status.IN_REVIEW):
        article.submitted_at = now
    if significant_update:
        if current is None or not current.first_published_at or current.first_published_at > now:
            raise ValidationError({"significant_update": NOT_YET_PUBLISHED})
        article.significantly_updated_at = now
    article.last_edited_by = by
    article.version = (current.version if current else 0) + 1
    # A slug made here is checked by the database alone: two articles with one headline saved at
    # once both see "taiwan-talks" free, and the second then takes the next free one.
    article.full_clean(exclude=["slug"] if made_slug else None)
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                article.save()
            return article
        except IntegrityError as error:
            if not made_slug or attempt == SLUG_ATTEMPTS - 1:
                # Another save took the slug between full_clean() and here.
                raise ValidationError({"slug": "Another article already uses this slug."}) from error
            article.slug = unique_slug(article.headline, exclude_pk=article.pk)
    return article


def article_submit_for_review(*, article: Article, by) -> Article:
    if article.status != Status.DRAFT:
        raise ValidationError(f"“{article}” is not a draft, so it cannot be submitted for review.")
    article.status = Status.IN_REVIEW
    return article_save(article=article, by=by, base_version=article.version)


def article_publish(*, article: Article, by, publish_at=None) -> Article:
    """Publish now, or at `publish_at` (a future time schedules the article)."""
    if not can_publish(by):
        raise PermissionDenied("You do not have permission to publish articles.")
    if publish_at is not None:
        article.publish_at = publish_at
    elif article.status != Status.PUBLISHED and not article.first_published_at:
        article.publish_at = timezone.now()
    if article.expire_at and article.expire_at <= timezone.now():
        article.expire_at = None  # publishing an expired article again brings it back
    article.status = Status.PUBLISHED
    return article_save(article=article, by=by, base_version=article.version)


def article_schedule(*, article: Article, by, publish_at, expire_at=None) -> Article:
    """Publish at `publish_at` (in the future), and take off the site at `expire_at` when given."""
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": "A scheduled time must be in the future."})
    if expire_at is not None:
        article.expire_at = expire_at
    return article_publish(article=article, by=by, publish_at=publish_at)


def article_unpublish(*, article: Article, by) -> Article:
    """Take an article (or a scheduled one) off the site; it goes back to draft."""
    if not can_publish(by):
        raise PermissionDenied("You do not have permission to unpublish articles.")
    article.status = Status.DRAFT
    return article_save(article=article, by=by, base_version=article.version)


@transaction.atomic
def correction_add(*, article: Article, by, text: str, kind: str = CorrectionKind.CORRECTION) -> Correction:
    if not by.has_perm("articles.add_correction"):
        raise PermissionDenied("You do not have permission to add corrections.")
    correction = Correction(article=article, kind=kind, text=text, created_by=by)
    correction.full_clean()
    correction.save()
    if kind == CorrectionKind.UPDATE and article.first_published_at:
        # An update note tells readers the story moved on, so it is a significant update: the
        # "Updated" line, dateModified, lastmod and feeds agree with the note. Corrections and
        # clarifications fix the record without new developments and leave those dates alone.
        # The version moves too, so an edit form opened before this cannot write the old date back.
        Article.objects.filter(pk=article.pk).update(
            significantly_updated_at=correction.created_at, version=F("version") + 1
        )
        article.refresh_from_db(fields=["significantly_updated_at", "version"])
    return correction


def article_record_view(*, article_id: int) -> bool:
    """Count one view of a published article in its total, today's bucket and this hour's, atomically (no
    read-modify-write)."""
    # One transaction on PostgreSQL. SQLite serialises writers anyway, and a transaction there would hold
    # the table's write lock between the statements, which its shared-cache databases (the tests')
    # report to the other beacons as an error rather than waiting; each statement alone is atomic.
    with transaction.atomic() if connection.vendor != "sqlite" else nullcontext():
        if not Article.objects.published().filter(pk=article_id).update(view_count=F("view_count") + 1):
            return False
        # An upsert (SQLite and PostgreSQL alike): concurrent first views of a day neither collide nor lose a count.
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_articledailyviews (article_id, day, views) VALUES (%s, %s, 1) "
                "ON CONFLICT (article_id, day) DO UPDATE SET views = articles_articledailyviews.views + 1",
                [article_id, connection.ops.adapt_datefield_value(timezone.localdate(now))],
            )
            hour = connection.ops.adapt_datetimefield_value(now.replace(minute=0, second=0, microsecond=0))
            # Insert-or-increment in two statements, not an upsert with RETURNING, which holds SQLite's
            # table lock until its cursor is done; the insert tells whether this is the hour's first view.
            cursor.execute(
                "INSERT INTO articles_articlehourlyviews (article_id, hour, views) VALUES (%s, %s, 1) "
                "ON CONFLICT (article_id, hour) DO NOTHING",
                [article_id, hour],
            )
            first_this_hour = cursor.rowcount == 1
            if not first_this_hour:
                cursor.execute(
                    "UPDATE articles_articlehourlyviews SET views = views + 1 WHERE article_id = %s AND hour = %s",
                    [article_id, hour],
                )
        if first_this_hour:
            # Its hours older than two days go: only the desk's "last 24 hours" reads them, and the daily
            # buckets keep the history.
            ArticleHourlyViews.objects.filter(article_id=article_id, hour__lt=now - HOURLY_VIEWS_KEPT).delete()
    return True


HOURLY_VIEWS_KEPT = timedelta(hours=48)


TAGS_REFUSED = "Creating, renaming, merging and deleting tags is for editors; choose from the existing tags."
TAG_FALLBACK_SLUG = "tag"
TAG_SLUG_CHARS = 90  # of taggit's 100, leaving room for free_slug's "-2", "-3", ...


def can_manage_tags(user, action: str = "change") -> bool:
    """Adding, changing or deleting (`action`) tags is for editors; reporters attach the tags there are."""
    return can_publish(user) and user.has_perm(f"taggit.{action}_tag")


def tag_slug(name: str, *, exclude_pk=None) -> str:
    """A free slug for a tag called `name`: "tag", "tag-2", ... when the name has no letter or digit ("!!!", "🙂")."""
    others = Tag.objects.exclude(pk=exclude_pk) if exclude_pk else Tag.objects.all()
    return free_slug(Tag().slugify(name)[:TAG_SLUG_CHARS] or TAG_FALLBACK_SLUG, others)


def check_tag_name(name: str, *, exclude_pk=None) -> None:
    """Tag names are one tag whatever their case ("Japan", "japan"), as taggit matches them."""
    if Tag.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise ValidationError("There is already a tag with this name.", code="unique")


@transaction.atomic
def tag_save(*, tag: Tag, by=None) -> Tag:
    """Create or rename a tag; a blank slug is made from the name. `by` None is a command run by the operator."""
    if by is not None and not can_manage_tags(by, "change" if tag.pk else "add"):
        raise PermissionDenied(TAGS_REFUSED)
    check_tag_name(tag.name, exclude_pk=tag.pk)
    if not tag.slug:
        tag.slug = tag_slug(tag.name, exclude_pk=tag.pk)
    tag.full_clean()
    tag.save()
    return tag


def tag_for_name(name: str, *, by=None) -> Tag:
    """The tag called `name` (in any case, as taggit matches them), created when there is none."""
    return Tag.objects.filter(name__iexact=name).first() or tag_save(tag=Tag(name=name), by=by)


@transaction.atomic
def tags_merge(*, tags, into: str, by) -> Tag:
    """Move every use of `tags` to the tag called `into` (created when new); an item carrying both keeps one."""
    if not (can_manage_tags(by, "change") and can_manage_tags(by, "delete")):
        raise PermissionDenied(TAGS_REFUSED)
    target = tag_for_name(into, by=by)
    items = TaggedItem.objects.filter(tag__in=tags).exclude(tag=target)
    for item in items.select_for_update():
        already = TaggedItem.objects.filter(tag=target, content_type_id=item.content_type_id, object_id=item.object_id)
        if already.exists():
            item.delete()
        else:
            item.tag = target
            item.save()
    return target


def section_ensure(*, name: str, slug: str, **fields) -> tuple[Section, bool]:
    """The section with this slug (or this name), created from the fields when there is none; (section, created)."""
    section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name=name).first()
    if section is not None:
        return section, False
    section = Section(name=name, slug=slug, **fields)
    section.full_clean()
    section.save()
    return section, True
