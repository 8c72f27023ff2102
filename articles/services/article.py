"""Saving an article, and the workflow's steps (submit, publish, schedule, unpublish), which all save through
article_save()."""

from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.html import body_image_ids, picture_id, picture_tag, pictures_in, rewrite_pictures, sanitize_article_body
from articles.models import Article, Status
from articles.publishing import check_publishable
from articles.related import refresh_related
from articles.services.permissions import can_edit, can_publish, check_status_change
from common.slugs import made_slug
from media.models import Image
from media.renditions import EDITOR_SPEC, get_rendition

SLUG_ATTEMPTS = 10
NOT_A_LIBRARY_PICTURE = (
    "Pictures in the body come from the image library: choose one with “Browse…” in the figure dialog "
    "(upload it under Images first). Remove or replace the picture at {}."
)
NOT_YET_PUBLISHED = "Only a published article can have a significant update: readers have not seen this one yet."


class EditConflict(ValidationError):
    """Someone saved the article after this editor opened it."""


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


def unique_slug(headline: str, *, exclude_pk=None) -> str:
    """A slug for `headline` that no other article uses yet (suffixes -2, -3, ...)."""
    others = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    return made_slug(headline, others, fallback="article", max_length=250)


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


@dataclass(frozen=True)
class Importer:
    """`by` for an import run at the shell by the operator, who may write anything; `user` (--user) is recorded.

    Its saves keep the dates the source gives (created, published, first published, a correction's), ask no
    permission and know no edit form to conflict with, but still refuse what may not be published, stamp
    submitted_at on what goes to review and move the version."""

    user: object = None
    source: str = ""  # the file's name, for the revision's comment


def acting_user(by):
    """The user a change is recorded against: `by` itself, or an import's --user (None for the operator)."""
    return by.user if isinstance(by, Importer) else by


@transaction.atomic
def article_save(*, article: Article, by, base_version: int | None = None, significant_update: bool = False) -> Article:
    """Create or update an article, enforcing permissions, workflow and edit conflicts.

    `significant_update` tells readers the article changed ("Updated", dateModified, lastmod, feeds);
    any other save, a typo fix, leaves those dates alone."""
    return _article_save(article, by, base_version=base_version, significant_update=significant_update)


def _article_save(article: Article, by, *, base_version=None, significant_update=False) -> Article:
    """article_save() in the caller's transaction (article_import holds one per item)."""
    importing = isinstance(by, Importer)
    user = acting_user(by)
    current = Article.objects.select_for_update().filter(pk=article.pk).first() if article.pk else None
    if current is None:
        if not importing and not by.has_perm("articles.add_article"):
            raise PermissionDenied("You do not have permission to add articles.")
        article.created_by = article.created_by or user
    elif not importing:
        check_edit_conflict(article=article, base_version=base_version)
        if not can_edit(by, current):
            raise PermissionDenied("You do not have permission to edit this article.")
    if not importing:
        check_status_change(by, current.status if current else Status.DRAFT, article.status)

    made_slug = not article.slug
    if made_slug:
        article.slug = unique_slug(article.headline, exclude_pk=article.pk)
    now = timezone.now()
    if article.status == Status.PUBLISHED:
        article.publish_at = article.publish_at or now
        article.first_published_at = article.first_published_at or article.publish_at
        check_publishable(article, already_out=None if publishing_changed(current, article) else current)
    elif article.first_published_at and article.first_published_at > now and not importing:
        # Unpublished before its scheduled time: it never went out.
        article.first_published_at = None
    if article.status == Status.IN_REVIEW and (current is None or current.status != Status.IN_REVIEW):
        article.submitted_at = now
    if significant_update:
        if current is None or not current.has_gone_out:
            raise ValidationError({"significant_update": NOT_YET_PUBLISHED})
        article.significantly_updated_at = now
    article.last_edited_by = user
    article.version = (current.version if current else 0) + 1
    # A slug made here is checked by the database alone: two articles with one headline saved at
    # once both see "taiwan-talks" free, and the second then takes the next free one. An import has
    # found its article by reference and refused a taken slug itself, naming the article that has it.
    article.full_clean(
        exclude=["slug"] if made_slug else None, validate_unique=not importing, validate_constraints=not importing
    )
    for attempt in range(SLUG_ATTEMPTS):
        try:
            # Only a slug made here is tried again, so only then does the save need a savepoint of its own.
            with transaction.atomic() if made_slug else nullcontext():
                article.save()
            if not importing:  # an import is followed by `manage.py compute_related`, for all it brought at once
                refresh_related(article)
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
