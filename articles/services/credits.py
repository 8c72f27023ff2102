"""An article's credits: its byline (who, in what role, in order) and its tags.

The rows are written in bulk: the article's own save, which every change here ends with, tells the revision
being made, and the listings the article leaves and enters are purged here.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from taggit.models import TaggedItem

from articles import dependencies, signals
from articles.models import Article, Byline, BylineRole
from articles.related import refresh_related
from articles.services.article import Importer, acting_user, check_edit_conflict
from articles.services.permissions import can_edit


@transaction.atomic
def article_set_credits(*, article: Article, by, bylines=None, tags=None, base_version: int | None = None) -> bool:
    """Make the byline read `bylines` ([(author or author id, role)], in order) and the tags be `tags` (Tag rows);
    None leaves either as it is. A change moves the version and is one revision; returns whether anything changed."""
    current = Article.objects.select_for_update().get(pk=article.pk)
    if not isinstance(by, Importer):
        check_edit_conflict(article=article, base_version=base_version)
        if not can_edit(by, current):
            raise PermissionDenied("You do not have permission to edit this article.")
    leaving = dependencies.listings_changed(current, article)  # read before the rows change
    with reversion.create_revision():
        changed = bylines is not None and write_bylines(article, bylines)
        tags_changed = tags is not None and write_tags(article, tags)
        changed = tags_changed or changed
        if changed:
            if reversion.get_user() is None:
                reversion.set_user(acting_user(by))
            article.version, article.last_edited_by = current.version + 1, acting_user(by)
            article.save(update_fields=["version", "last_edited_by", "updated_at"])
            signals.changed(leaving)  # the rows were written in bulk, without signals
        if tags_changed and not isinstance(by, Importer):
            refresh_related(article)
    return changed


def write_bylines(article: Article, bylines, *, new: bool = False) -> bool:
    """Make the byline read `bylines`, without a save of the article; whether it changed. Rows are matched by
    author and updated in place, so that revisions keep following the same rows. `new`: it has no rows yet."""
    # An Author row, when given, names the byline in its revision without a query.
    wanted = [(getattr(author, "pk", author), author, role) for author, role in bylines]
    author_ids = [author_id for author_id, _, _ in wanted]
    if len(set(author_ids)) != len(author_ids):
        raise ValidationError("An author can be named once in a byline.", code="byline_author_twice")
    unknown = {role for _, _, role in wanted} - set(BylineRole.values)
    if unknown:
        raise ValidationError(f"Unknown byline role: {', '.join(sorted(unknown))}.", code="byline_role")
    rows = Byline.objects.filter(article=article).select_related("author")
    stored = {} if new else {byline.author_id: byline for byline in rows}
    created, updated = [], []
    for position, (author_id, author, role) in enumerate(wanted):
        byline = stored.pop(author_id, None)
        if byline is None:
            byline = Byline(article=article, author_id=author_id, role=role, position=position)
            if not isinstance(author, int):
                byline.author = author
            created.append(byline)
        elif (byline.role, byline.position) != (role, position):
            byline.role, byline.position = role, position
            updated.append(byline)
    if stored:
        Byline.objects.filter(pk__in=[byline.pk for byline in stored.values()]).delete()
    if updated:
        Byline.objects.bulk_update(updated, ["role", "position"])
    if created:
        created = Byline.objects.bulk_create(created)
    if reversion.is_active():
        for byline in created + updated:
            reversion.add_to_revision(byline)
    return bool(stored or updated or created)


def write_tags(article: Article, tags, *, new: bool = False) -> bool:
    """Make the article's tags be `tags`, in one insert and one delete at most (taggit's set() takes a lookup,
    a savepoint and an insert per tag); whether they changed. `new`: it has no tags yet."""
    article_type = ContentType.objects.get_for_model(Article)
    tagged = TaggedItem.objects.filter(content_type=article_type, object_id=article.pk)
    wanted = list(dict.fromkeys(tag.pk for tag in tags))
    stored = set() if new else set(tagged.values_list("tag_id", flat=True))
    gone = stored - set(wanted)
    added = [tag_id for tag_id in wanted if tag_id not in stored]
    if gone:
        tagged.filter(tag_id__in=gone).delete()
    if added:
        TaggedItem.objects.bulk_create(
            TaggedItem(tag_id=tag_id, content_type=article_type, object_id=article.pk) for tag_id in added
        )
    return bool(gone or added)
