"""Related articles, worked out when articles are saved (or in bulk by `manage.py compute_related`), not per reading.

An article stores the ids of the articles sharing the most tags with it, then the latest in its section, among
those live or scheduled around its time (Article.related_ids). The page shows the first few of them still live
at reading time, so one that is unpublished or expires drops out at once and the next one takes its place.
An article going live enters the lists of its own neighbours (refresh_related); the others catch up at the next
`manage.py compute_related`.
"""

import datetime

from django.db.models import Count

from articles.models import Article

RELATED_WITHIN = datetime.timedelta(days=90)
RELATED_SIZE = 4  # shown
RELATED_KEPT = 8  # stored: the spares replace those no longer live


def _around(moment: datetime.datetime, within: datetime.timedelta):
    """From `within` before `moment` to `within` after it, as far as the calendar goes."""
    utc = moment.astimezone(datetime.UTC)
    first = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    last = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return (utc - within if utc - first > within else first, utc + within if last - utc > within else last)


def related_ids_for(article: Article) -> list[int]:
    """The ids of the articles most related to `article`, most related first, in three small indexed queries.

    Ranking every article by shared tags would read the whole archive: news is related to news of its time."""
    candidates = Article.objects.live_or_scheduled().exclude(pk=article.pk)
    if article.publish_at:
        candidates = candidates.filter(publish_at__range=_around(article.publish_at, RELATED_WITHIN))
    tag_ids = list(article.tags.values_list("pk", flat=True))
    ids = []
    if tag_ids:
        ids = list(
            candidates.filter(tags__in=tag_ids)
            .values("pk")  # grouped by the id alone, not by every column
            .annotate(shared_tags=Count("tags"))
            .order_by("-shared_tags", "-publish_at", "-pk")
            .values_list("pk", flat=True)[:RELATED_KEPT]
        )
    if len(ids) < RELATED_KEPT:
        same_section = candidates.filter(section_id=article.section_id).exclude(pk__in=ids)
        ids += same_section.order_by("-publish_at", "-pk").values_list("pk", flat=True)[: RELATED_KEPT - len(ids)]
    return ids


def store_related(articles) -> list[int]:
    """Work out and store the related ids of `articles`; the ids of those whose list changed."""
    changed = []
    for article in articles:
        ids = related_ids_for(article)
        if ids != article.related_ids:
            Article.objects.filter(pk=article.pk).update(related_ids=ids)
            article.related_ids = ids
            changed.append(article.pk)
    return changed


def refresh_related(article: Article) -> list[int]:
    """After `article` was saved: its own list, and, when readers see it or will, the lists of the articles in
    its list, which it most likely belongs in. The ids of the articles whose list changed."""
    changed = store_related([article])
    if article.related_ids and Article.objects.live_or_scheduled().filter(pk=article.pk).exists():
        changed += store_related(
            Article.objects.filter(pk__in=article.related_ids).only("pk", "publish_at", "section", "related_ids")
        )
    return changed


def related_cards(article: Article, cards) -> list[Article]:
    """The first RELATED_SIZE of `article`'s stored related articles found among `cards` (live ones), in order."""
    by_id = {card.pk: card for card in cards}
    return [by_id[pk] for pk in article.related_ids if pk in by_id][:RELATED_SIZE]
