"""Who may do what to an article: asked by the write paths, and by the admin to show only what a user may do."""

from django.core.exceptions import PermissionDenied

from articles.models import Article, Status

PUBLISH_PERMISSION = "articles.publish_article"
# Moving an article into or out of these takes the publish permission (readers see only published ones).
PUBLISH_PERMISSION_STATUSES = {Status.PUBLISHED, Status.ARCHIVED}
PUBLISH_REFUSED = "You do not have permission to publish, schedule, unpublish or archive articles."


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
