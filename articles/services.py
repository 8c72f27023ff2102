"""Write paths for articles: the admin, its actions and the commands all come through here.

Each function checks the permission itself, so a hidden button is never the only
guard, and runs in one transaction, so a refused change leaves nothing behind.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from articles.models import Article, Correction, Section, Status

PUBLISH_PERMISSION = "articles.publish_article"
READER_STATUSES = {Status.PUBLISHED, Status.ARCHIVED}
SLUG_ATTEMPTS = 10
PUBLISH_REFUSED = "You do not have permission to publish, schedule, unpublish or archive articles."


class EditConflict(ValidationError):
    """Someone saved the article after this editor opened it."""


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def is_own_article(user, article: Article) -> bool:
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


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
    if new_status in READER_STATUSES or old_status in READER_STATUSES:
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


@transaction.atomic
def article_save(*, article: Article, by, base_version: int | None = None) -> Article:
    """Create or update an article, enforcing permissions, workflow and edit conflicts."""
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
    elif article.first_published_at and article.first_published_at > now:
        # Unpublished before its scheduled time: it never went out.
        article.first_published_at = None
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
    article.status = Status.PUBLISHED
    return article_save(article=article, by=by, base_version=article.version)


def article_schedule(*, article: Article, by, publish_at) -> Article:
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": "A scheduled time must be in the future."})
    return article_publish(article=article, by=by, publish_at=publish_at)


def article_unpublish(*, article: Article, by) -> Article:
    """Take an article (or a scheduled one) off the site; it goes back to draft."""
    if not can_publish(by):
        raise PermissionDenied("You do not have permission to unpublish articles.")
    article.status = Status.DRAFT
    return article_save(article=article, by=by, base_version=article.version)


@transaction.atomic
def correction_add(*, article: Article, by, text: str) -> Correction:
    if not by.has_perm("articles.add_correction"):
        raise PermissionDenied("You do not have permission to add corrections.")
    correction = Correction(article=article, text=text, created_by=by)
    correction.full_clean()
    correction.save()
    return correction


def article_record_view(*, article_id: int) -> bool:
    """Count one view of a published article, atomically (no read-modify-write)."""
    return Article.objects.published().filter(pk=article_id).update(view_count=F("view_count") + 1) == 1


def section_ensure(*, name: str, slug: str, **fields) -> tuple[Section, bool]:
    """The section with this slug (or this name), created from the fields when there is none; (section, created)."""
    section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name=name).first()
    if section is not None:
        return section, False
    section = Section(name=name, slug=slug, **fields)
    section.full_clean()
    section.save()
    return section, True
