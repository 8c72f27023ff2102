"""Articles by the thousand, for load and scale testing: rows inserted in bulk, with their bylines and tags.

Bulk inserts skip Article.save(), the checks of article_save() and django-reversion: the caller builds each
row complete and valid (demo.generated_content does), and the articles have no revision history.
"""

from django.db import transaction
from taggit.models import TaggedItem

from articles import dependencies, purge
from articles.choices import Visibility
from articles.models import Article, Byline


@transaction.atomic
def articles_bulk_create(built, *, article_type_id: int) -> tuple[list[Byline], list[TaggedItem]]:
    """Insert `built`, [(article, [author id, ...] in byline order, [tag id, ...])], in three statements;
    returns the bylines and tag rows made. `article_type_id` is Article's content type (taggit's rows name it)."""
    Article.objects.bulk_create([article for article, _, _ in built])
    bylines = Byline.objects.bulk_create(
        Byline(article_id=article.pk, author_id=author_id, position=position)
        for article, authors, _ in built
        for position, author_id in enumerate(authors)
    )
    tagged = TaggedItem.objects.bulk_create(
        TaggedItem(tag_id=tag_id, content_type_id=article_type_id, object_id=article.pk)
        for article, _, tags in built
        for tag_id in tags
    )
    # bulk_create sends no post_save: purge the listings the live ones enter, in this transaction.
    live = [(article, tags, authors) for article, authors, tags in built if article.visibility == Visibility.LIVE]
    purge.purge(set().union(*(dependencies.listed(*row) for row in live)))
    return bylines, tagged
