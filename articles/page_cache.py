"""Full-page cache for anonymous readers, with exact invalidation by dependency (issue 14).

A page is stored with the dependency keys of what it shows (articles.dependencies), collected while it
renders, and the tokens those keys had then (articles.purge): it is served while they are unchanged, so a
change purges only the pages that show what changed. It is fresh for PAGE_CACHE_SECONDS (less if it shows a
block with a shorter lifetime, such as most-read), and never past the next scheduled change. It is kept
PAGE_CACHE_STALE_SECONDS longer, to be served marked stale while the database is unreachable; a page never
cached then gets a short 503. Each process also keeps its hottest pages in its own memory, checking their
tokens in the shared cache before serving them.

A page is stored under its address with, of the query string, only the parameters the
page reads, normalised as the page reads them (`reads=` of cache_for_readers): any
other parameter, a tracking tag or a loop of made-up ones, is served the same entry
and renders nothing.

Logged-in users neither get nor fill the cache. When a popular page expires, one
request rebuilds it while the others wait briefly for the result.
"""

import hashlib
import math
import threading
import time
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path

from articles import dependencies, purge
from articles.edge.headers import limit_lifetime
from articles.pagination import LAST_LISTING_PAGE
from articles.search import clean_query
from common.dependencies import collecting

HEADERS_KEPT = ("Content-Type", "Last-Modified", "Content-Language", "X-Robots-Tag")
LOCK_SECONDS = 10
WAIT_SECONDS = 3.0
WAIT_STEP = 0.02
# What a reader whose page was never cached is told while the database is unreachable.
RETRY_AFTER_SECONDS = 30


class ProcessMemory:
    """The pages this process keeps to itself: its hottest, checked against the shared tokens before serving."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.pages = OrderedDict()
        purge.state.reset()

    def get_page(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def keep_page(self, key, entry):
        limit = settings.PAGE_CACHE_LOCAL_PAGES
        if not limit:
            return
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > limit:
                self.pages.popitem(last=False)


memory = ProcessMemory()


def listing_page(value) -> str:
    """?page= as a listing reads it (articles.pagination.paginate, Paginator.get_page): anything but a number is the
    first page, a number below 1 or past the end the last; listings have at most LAST_LISTING_PAGE pages."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "1"
    return str(number) if 1 <= number <= LAST_LISTING_PAGE else "last"


def sitemap_page(value) -> str:
    """?p= as a sitemap reads it: a number, or a 404 (which is never stored)."""
    try:
        return str(int(value or 1))
    except ValueError:
        return "not-a-number"


QUERY_PARAMETERS = {"page": listing_page, "q": clean_query, "p": sitemap_page}


def page_key(request, reads=()) -> str:
    """The page's key: its host and path, and the parameters in `reads` as the page reads them.

    `/?page=01&utm_source=x` is the entry of `/?page=1`, and of `/` too."""
    parameters = urlencode([(name, QUERY_PARAMETERS[name](request.GET.get(name))) for name in reads])
    address = f"{request.get_host()}{escape_uri_path(request.path)}?{parameters}".encode()
    return f"page-cache:page:{hashlib.sha256(address).hexdigest()}"


def cache_for_readers(view, *, reads=(), shows=(), key_for=None):
    """Serve `view` from the page cache to anonymous readers (GET and HEAD).

    `reads` names every query parameter the page reads (keys of QUERY_PARAMETERS); the others never reach it
    from the cache, so a page reading one not named would be served the wrong entry. `shows` names dependency
    keys every page of the view shows (articles.dependencies); the view and its templates add their own.
    `key_for(request)`, when given, makes the entry's key instead of page_key (None: render, keep nothing)."""
    unknown = set(reads) - set(QUERY_PARAMETERS)
    if unknown:
        raise ValueError(f"No normal form for the query parameters {sorted(unknown)}: add one to QUERY_PARAMETERS.")

    def render(request, *args, **kwargs):
        with collecting(request) as keys:
            keys.update(shows)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return render(request, *args, **kwargs)
        key = key_for(request) if key_for else page_key(request, reads)
        if key is None:
            return render(request, *args, **kwargs)
        purge.poll()
        entry, fresh = lookup(key)
        if fresh:
            return respond(request, entry, "hit")
        if purge.database_hung():
            return respond(request, entry, "stale") if entry is not None else unavailable()
        rebuilding = cache.add(f"{key}:lock", 1, LOCK_SECONDS)
        if not rebuilding:
            rebuilt = wait_for(key)
            if rebuilt is not None:
                return respond(request, rebuilt, "hit")
            # the rebuilding request is slow or failed: render it ourselves
        started, trying = time.time(), time.monotonic()
        try:
            response = render(request, *args, **kwargs)
        except purge.DATABASE_ERRORS:
            purge.database_failed(since=trying)
            return respond(request, entry, "stale") if entry is not None else unavailable()
        finally:
            if rebuilding:
                cache.delete(f"{key}:lock")
        stored = store(key, response, dependencies.of(request), started) if rebuilding else None
        return respond(request, stored, "miss") if stored is not None else response

    cached_view.reads = tuple(reads)
    return cached_view


def lookup(key):
    """The page's entry and whether it is fresh: from this process's memory, else (or if that one is out of date,
    while another process may have rendered it again) from the shared cache."""
    entry = memory.get_page(key)
    if entry is not None and is_fresh(entry):
        return entry, True
    shared = cache.get(key)
    if shared is None:
        return entry, False
    memory.keep_page(key, shared)
    return shared, is_fresh(shared)


def is_fresh(entry) -> bool:
    """Within its lifetime, and nothing it shows purged since it was rendered."""
    return time.time() < entry["fresh_until"] and purge.tokens(entry["tokens"]) == entry["tokens"]


def kept_for(keys, at_most: float, now: float) -> float:
    """How long from `now` a page showing `keys` may be kept: at most `at_most` and its keys' lifetimes, and never
    past the next scheduled change (a publication, an expiry, picture rights ending)."""
    return min(dependencies.lifetime(keys, at_most), purge.state.next_event - now)


def store(key, response, keys, started):
    if response.status_code != 200 or response.cookies or response.streaming or response.has_header("Cache-Control"):
        return None
    keys = {*keys, dependencies.ALL}
    tokens = purge.tokens_for_storing(keys, started)
    if tokens is None:  # something it shows changed while it rendered
        return None
    fresh_for = kept_for(keys, settings.PAGE_CACHE_SECONDS, started)
    entry = {
        "content": response.content,
        "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
        "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
        "tokens": tokens,
        "fresh_until": started + fresh_for,
    }
    cache.set(key, entry, max(fresh_for, 0) + settings.PAGE_CACHE_STALE_SECONDS)
    memory.keep_page(key, entry)
    return entry


def wait_for(key):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        entry = cache.get(key)
        if entry is not None and is_fresh(entry):
            return entry
    return None


def respond(request, entry, outcome):
    # What the page shows, for the edge's surrogate keys (dependencies.of), whether it was rendered now or before.
    request.page_dependencies = set(entry["tokens"])
    # Not the app cache's own freshness: the edge keeps the page until a purge, or the next scheduled change.
    limit_lifetime(request, kept_for(entry["tokens"], math.inf, time.time()))
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = outcome
    # Browsers and proxies may keep the page but must ask again (a cheap 304) before showing it.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def unavailable():
    """A page never cached, while the database is unreachable: a short 503 that says when to come back."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
