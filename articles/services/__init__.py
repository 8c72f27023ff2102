"""Write paths for articles: the admin, its actions and the commands all come through here.

Each function checks the permission itself, so a hidden button is never the only
guard, and runs in one transaction, so a refused change leaves nothing behind.
The package's modules hold one concern each; every name is importable from here.
"""

from articles.services.article import (
    NOT_A_LIBRARY_PICTURE,
    NOT_YET_PUBLISHED,
    SLUG_ATTEMPTS,
    EditConflict,
    Importer,
    acting_user,
    article_publish,
    article_save,
    article_schedule,
    article_submit_for_review,
    article_unpublish,
    body_picture,
    body_pictures_resolve,
    check_edit_conflict,
    publishing_changed,
    unique_slug,
)
from articles.services.bulk import articles_bulk_create
from articles.services.corrections import correction_add
from articles.services.credits import article_set_credits
from articles.services.imports import article_import
from articles.services.permissions import (
    PUBLISH_PERMISSION,
    PUBLISH_PERMISSION_STATUSES,
    PUBLISH_REFUSED,
    can_edit,
    can_publish,
    can_view,
    check_status_change,
    is_own_article,
)
from articles.services.sections import section_ensure
from articles.services.tags import (
    TAG_FALLBACK_SLUG,
    TAGS_REFUSED,
    can_manage_tags,
    check_tag_name,
    tag_for_name,
    tag_save,
    tags_merge,
)
from articles.services.takedowns import article_take_down
from articles.services.view_counts import HOURLY_VIEWS_KEPT, article_record_view
from common.slugs import free_slug

__all__ = [
    "HOURLY_VIEWS_KEPT",
    "NOT_A_LIBRARY_PICTURE",
    "NOT_YET_PUBLISHED",
    "PUBLISH_PERMISSION",
    "PUBLISH_PERMISSION_STATUSES",
    "PUBLISH_REFUSED",
    "SLUG_ATTEMPTS",
    "TAGS_REFUSED",
    "TAG_FALLBACK_SLUG",
    "EditConflict",
    "Importer",
    "acting_user",
    "article_import",
    "article_publish",
    "article_record_view",
    "article_save",
    "article_schedule",
    "article_set_credits",
    "article_submit_for_review",
    "article_take_down",
    "article_unpublish",
    "articles_bulk_create",
    "body_picture",
    "body_pictures_resolve",
    "can_edit",
    "can_manage_tags",
    "can_publish",
    "can_view",
    "check_edit_conflict",
    "check_status_change",
    "check_tag_name",
    "correction_add",
    "free_slug",
    "is_own_article",
    "publishing_changed",
    "section_ensure",
    "tag_for_name",
    "tag_save",
    "tags_merge",
    "unique_slug",
]
