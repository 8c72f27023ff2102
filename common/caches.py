"""What the project asks of any Django cache beyond Django's own API."""

from django.core.cache.backends.base import DEFAULT_TIMEOUT


def add_many(cache, data, timeout=DEFAULT_TIMEOUT) -> set:
    """cache.add() for each key of `data`; the keys that were added. A cache with an add_many() of its own (the
    Redis cache, newsroom.cache: one round trip where a page's dozen purge tokens cost one each) does it at once;
    the caches in this machine's memory or on its disk add one by one."""
    adding = getattr(cache, "add_many", None)
    if adding is not None:
        return adding(data, timeout)
    return {key for key, value in data.items() if cache.add(key, value, timeout)}
