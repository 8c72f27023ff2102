"""How listings page: the pages readers may ask for, shared by the listings and the page cache's keys."""

import math
from functools import cached_property

from django.core.paginator import Paginator

PER_PAGE = 20
MAX_LISTED = 1000
LAST_LISTING_PAGE = math.ceil(MAX_LISTED / PER_PAGE)


class ListingPaginator(Paginator):
    """Counts ids alone, in no order: the JSON a card reads (bylines) would be worked out for every row counted,
    and an order would make the database read a whole section or tag in that order just to count it."""

    def __init__(self, queryset, per_page, counted=None):
        super().__init__(queryset[:MAX_LISTED], per_page)
        if counted is None:
            counted = queryset.values("pk")
        self.counted = counted if isinstance(counted, int) else counted.order_by()[:MAX_LISTED]

    @cached_property
    def count(self):
        return min(self.counted, MAX_LISTED) if isinstance(self.counted, int) else self.counted.count()


def paginate(request, queryset, per_page=PER_PAGE, *, counted=None):
    """A page of `queryset`; a missing, bad or too-large ?page= gives the first or last page.

    Listings go back MAX_LISTED articles (the date archives hold the rest): counting and
    paging through a whole archive of 100,000 articles on every visit is wasted work.
    `counted`, when given, has as many rows as `queryset` and is cheaper to count (read from a tag's
    or an author's side rather than through every published article), or is the number already known.
    """
    return ListingPaginator(queryset, per_page, counted).get_page(request.GET.get("page"))
