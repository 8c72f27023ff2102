"""The most-read block of the home and article pages: the month's most viewed live articles.

Sorting a month's articles by their views was a third of an uncached article page's database time at 100,000
articles, so each process works the list out at most once a minute (articles.shared_blocks). A page rendered while
its process holds no list asks for the ids in its card query, costing no query of its own, and the list is kept
from its cards. Views purge nothing: pages showing the block are kept a short while (dependencies.LIFETIMES).
"""

import datetime

from django.utils import timezone

from articles import dependencies
from articles.models import Article, Visibility
from articles.shared_blocks import SharedBlock

SIZE = 5
DAYS = 30
REUSED_SECONDS = 60
# More than the block shows, so that one taken down meanwhile has a successor.
KEPT = 2 * SIZE

_held_ids = SharedBlock([dependencies.MOST_READ], lifetime=REUSED_SECONDS)


def _ranking(card):
    return (card.view_count, card.publish_at, card.pk)


class MostRead:
    """One page's most-read block: what its card query asks for (`wanted`), and the block from the cards found."""

    def __init__(self):
        self.tokens = _held_ids.tokens()
        self.held = _held_ids.held()

    @property
    def wanted(self):
        """The ids this process holds, or (holding none) the query for them."""
        if self.held is not None:
            return self.held
        since = timezone.now() - datetime.timedelta(days=DAYS)
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .order_by("-view_count", "-publish_at", "-pk")
            .values("pk")[:KEPT]
        )

    def among(self, cards):
        """The block, from `cards`, which hold the live articles of `wanted` and maybe others. Holding no list, the
        most read of all the cards are the most read of the month (any other card ranks below them): kept."""
        since = timezone.now() - datetime.timedelta(days=DAYS)
        ranked = sorted(
            (
                card
                for card in cards
                if card.publish_at >= since
                and card.visibility == Visibility.LIVE
                and (self.held is None or card.pk in self.held)
            ),
            key=_ranking,
            reverse=True,
        )
        if self.held is None:
            _held_ids.keep([card.pk for card in ranked[:KEPT]], self.tokens)
        return ranked[:SIZE]
