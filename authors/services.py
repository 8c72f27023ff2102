"""Write paths for authors, shared by the admin and commands."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from articles.addresses import rows_merged
from articles.models import Byline
from articles.signals import one_change
from authors.models import Author


@transaction.atomic
def authors_merge(*, keep: Author, others, by) -> int:
    """Move every byline of `others` to `keep`, then delete `others`; returns how many articles moved.

    An article that named both keeps one byline: at the earliest of their positions, with the role
    `keep` had there (or, without `keep`, the role of the earliest of the others)."""
    if not by.has_perm("authors.delete_author"):
        raise PermissionDenied("You do not have permission to merge authors: it deletes the duplicates.")
    others = [author for author in others if author.pk != keep.pk]
    if not others:
        raise ValidationError("Choose at least one other author to merge into the one you keep.")
    other_ids = {author.pk for author in others}
    with one_change():
        rows_merged(Author, others, keep)
        articles = Byline.objects.filter(author_id__in=other_ids).values("article_id")
        bylines = (
            Byline.objects.select_for_update()
            .filter(article_id__in=articles, author_id__in=other_ids | {keep.pk})
            .order_by("article_id", "position", "pk")
        )
        by_article = {}
        for byline in bylines:
            by_article.setdefault(byline.article_id, []).append(byline)
        for group in by_article.values():
            earliest = group[0]
            survivor = next((byline for byline in group if byline.author_id == keep.pk), earliest)
            # Deleted first: the article may not name one author twice, even for a moment.
            Byline.objects.filter(pk__in=[byline.pk for byline in group if byline is not survivor]).delete()
            survivor.author, survivor.position = keep, earliest.position
            survivor.save(update_fields=["author", "position"])
        if keep.user_id is None:
            # A duplicate linked to a staff account passes the account on, so its reporter keeps their articles.
            account = next((author.user_id for author in others if author.user_id), None)
            if account is not None:
                Author.objects.filter(pk__in=other_ids).update(user=None)
                keep.user_id = account
                keep.save(update_fields=["user"])
        Author.objects.filter(pk__in=other_ids).delete()
    return len(by_article)
