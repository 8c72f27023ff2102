"""The addresses served with each key, for CloudFront, which purges by address only.

Recorded in the shared cache as pages go out to the edge, for as long as the edge may keep them. A key shown on
more than PATHS_PER_KEY addresses purges everything ("/*"), which costs CloudFront no more than one address.
"""

import time

from django.conf import settings
from django.core.cache import cache

from articles.edge.keys import ALL, edge_keys

PATHS_PER_KEY = 500
EVERYTHING = "/*"
# Recording the same address again within this long is skipped, saving a trip to the cache on every request.
REMEMBER_SECONDS = 60
recorded = {}


def cache_key(key):
    return f"edge-paths:{key}"


def lifetime():
    """As long as the edge may hold a page; never shorter than what this process remembers having recorded."""
    edge = settings.EDGE_MAX_AGE + settings.EDGE_STALE_WHILE_REVALIDATE + settings.EDGE_STALE_IF_ERROR
    return edge + REMEMBER_SECONDS


def record(keys, address):
    now = time.monotonic()
    for key in edge_keys(set(keys) - {ALL}):  # `all` purges "/*"
        if recorded.get((key, address), 0) > now:
            continue
        addresses = cache.get(cache_key(key)) or []
        if address not in addresses:
            addresses = [*addresses, address] if len(addresses) < PATHS_PER_KEY else [EVERYTHING]
        cache.set(cache_key(key), addresses, lifetime())
        if len(recorded) > 10_000:
            recorded.clear()
        recorded[(key, address)] = now + REMEMBER_SECONDS


def of(keys) -> list[str]:
    """The addresses to invalidate for `keys`: every one recorded, or just "/*" when that is shorter."""
    found = {address for key in edge_keys(keys) for address in cache.get(cache_key(key)) or []}
    return [EVERYTHING] if EVERYTHING in found else sorted(found)
