"""The caches: the Redis cache, failing soft, and the disk cache of the embedded default, kept open.

The Redis cache fails soft: while Redis is down, slow or refusing writes, the site runs uncached.

Every operation that cannot reach Redis answers as a cache miss or a write that did not
happen, so readers get freshly rendered pages instead of errors. Sockets time out within a
fraction of a second, and after a connection failure each process leaves Redis alone for
`retry_after` seconds (an OPTIONS entry, default 5), so a Redis that hangs rather than
refuses costs one request a short wait, not every request. A failure logs one warning,
and at most one a minute however Redis flaps; the first success after it logs that Redis is back.
"""

import logging
import threading
import time
from collections import defaultdict

from diskcache import DjangoCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, MasterDownError, OutOfMemoryError, ReadOnlyError, TimeoutError

logger = logging.getLogger("newsroom.cache")

# Redis down, restarting (BusyLoadingError is a ConnectionError), or not answering in time.
UNREACHABLE = (ConnectionError, TimeoutError)
# Redis answering but refusing: a replica after a failover, a full memory under `noeviction`.
REFUSING = (ReadOnlyError, OutOfMemoryError, MasterDownError)
WARN_EVERY_SECONDS = 60

# redis-py waits 5 s by default. It retries nothing on a pool's connections (so a failure costs
# one timeout, not several), and the pool reconnects a connection that Redis closed on restart.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class Outage:
    """What this process knows of one Redis being unreachable, shared by its threads (each has its own cache)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.warned_at = None
        self.reported = False

    def began(self, error, retry_after):
        if isinstance(error, UNREACHABLE):
            self.retry_at = time.monotonic() + retry_after
        with self.lock:
            now = time.monotonic()
            if self.warned_at is not None and now - self.warned_at < WARN_EVERY_SECONDS:
                return
            self.warned_at, self.reported = now, True
        logger.warning("The Redis cache failed (%s: %s); carrying on without it.", type(error).__name__, error)

    def ended(self):
        self.reported = False
        logger.info("The Redis cache answers again.")


outages = defaultdict(Outage)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, building its redis-py client once per connection pool rather than once per command:
    building one fills its response callbacks (about 170 entries) every time, a third of what a cache read costs.
    A redis-py client is safe to share between threads; each command takes a connection from the pool."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def add_many(self, data, timeout):
        """Set each key of `data` that is absent, in one round trip; the keys that were set."""
        pipeline = self.get_client(write=True).pipeline(transaction=False)
        for key, value in data.items():
            pipeline.set(key, self._serializer.dumps(value), ex=timeout, nx=True)
        return {key for key, added in zip(data, pipeline.execute(), strict=True) if added}

    def count(self, key, timeout):
        """One more under `key`, which lives `timeout` seconds from its first count; the count, in one round trip
        (Django's incr() checks that the key exists first, and a rate limit would add() before it: three)."""
        pipeline = self.get_client(key, write=True).pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, timeout, nx=True)
        return pipeline.execute()[0]


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        options = {**DEFAULT_OPTIONS, **self._options}
        self._retry_after = options.pop("retry_after", 5)
        self._options = options
        self._outage = outages[tuple(self._servers)]

    def _attempt(self, miss, operation, *args):
        outage = self._outage
        if time.monotonic() < outage.retry_at:
            return miss
        try:
            result = operation(*args)
        except (*UNREACHABLE, *REFUSING) as error:
            outage.began(error, self._retry_after)
            return miss
        if outage.reported:
            outage.ended()
        return result

    # add() answers True, "nobody holds this key", which is what its callers need to stay correct:
    # the page cache renders the page itself rather than waiting seconds for a rebuild nobody is
    # doing, and the view counter fails open, counting every beacon. Counting a reader twice while
    # Redis is down is better than losing every view of the outage: the count is the editors'
    # measure of readership (admin list, exports), and a script can inflate it only while the outage lasts.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(True, super().add, key, value, timeout, version)

    def add_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """add() for each key of `data` in one round trip; the keys that were added (all of them, as for add(),
        while Redis is unreachable)."""
        keys = {self.make_and_validate_key(key, version=version): key for key in data}
        stored = {made: data[key] for made, key in keys.items()}
        added = self._attempt(set(keys), self._cache.add_many, stored, self.get_backend_timeout(timeout))
        return {keys[made] for made in added}

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        value = self._attempt(None, super().incr, key, delta, version)
        if value is None:  # as for a key that expired: callers already handle it
            raise ValueError(f"Key '{key}' not found: the Redis cache is unreachable.")
        return value

    def count(self, key, timeout, version=None) -> int:
        """One more under `key` for `timeout` seconds from the first (common.clients.within_limit); 1 while Redis is
        unreachable, as add() answers True: a limit fails open."""
        return self._attempt(1, self._cache.count, self.make_and_validate_key(key, version=version), timeout)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt(False, super().clear)


class KeptOpenDiskCache(DjangoCache):
    """diskcache's Django cache, whose SQLite connections stay open between requests.

    Django closes every cache when a request ends; diskcache then reopens its connection (with eight PRAGMAs) on
    the next request's first read: a read after a close took 0.46 ms here, one on an open connection 0.009 ms.
    Its connections are per thread, so keeping them open is safe, as diskcache does outside Django."""

    def close(self, **kwargs):
        pass
