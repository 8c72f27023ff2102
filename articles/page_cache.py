"""Full-page cache for anonymous readers, with exact invalidation.

Pages are stored under a *generation*: the PublicationState counter, which every
change to what readers see bumps in the same transaction (articles.signals), and
the publication time of the newest live article, which moves the moment a
scheduled article goes live, and the latest expiry that has passed, which moves
the moment an article expires, both without a cron job. A committed change is announced
in the shared cache, so every server sharing a Redis sees it within a tenth of a
second; the latest image-rights expiry that has passed is part of the generation
too, so a picture whose rights end is replaced everywhere at once. Besides,
each process re-reads the generation every PAGE_CACHE_CHECK_SECONDS, so a change
shows within seconds even on servers that each have their own local memory. Each
process also keeps its hottest pages in its own memory, saving a trip to Redis.

A page is stored under its address with, of the query string, only the parameters the
page reads, normalised as the page reads them (`reads=` of cache_for_readers): any
other parameter, a tracking tag or a loop of made-up ones, is served the same entry
and renders nothing.

Logged-in users neither get nor fill the cache. When a popular page expires, one
request rebuilds it while the others wait briefly for the result.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path

from articles.models import Article, PublicationState
from articles.pagination import LAST_LISTING_PAGE
from articles.search import clean_query
from media.models import Image

HEADERS_KEPT = ("Content-Type", "Last-Modified", "Content-Language", "X-Robots-Tag")
LOCK_SECONDS = 10
WAIT_SECONDS = 3.0
WAIT_STEP = 0.02
ANNOUNCED_VERSION_KEY = "page-cache:announced-version"
ANNOUNCEMENT_CHECK_SECONDS = 0.1


class ProcessMemory:
    """What this process keeps to itself: the generation for a few seconds, and its hottest pages.

    Both are safe to keep locally: a page is stored under its generation, and the generation is
    re-read from the database every PAGE_CACHE_CHECK_SECONDS.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.generation, self.generation_expires, self.version = None, 0.0, 0
        self.announcement_checked = float("-inf")
        self.pages = OrderedDict()

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


def generation() -> str:
    now = time.monotonic()
    # A change made through another server is announced in the shared cache. Looking every tenth of a
    # second, not on every request, keeps a page from this process's memory free of any trip to Redis.
    announced = None
    if now >= memory.announcement_checked + ANNOUNCEMENT_CHECK_SECONDS:
        announced, memory.announcement_checked = cache.get(ANNOUNCED_VERSION_KEY), now
    if (
        memory.generation is None
        or now >= memory.generation_expires
        or (isinstance(announced, int) and announced > memory.version)
    ):
        version = PublicationState.objects.values_list("version", flat=True).first() or 0
        newest = Article.objects.published().aggregate(newest=Max("publish_at"))["newest"]
        expired = Article.objects.filter(expire_at__lte=timezone.now()).aggregate(latest=Max("expire_at"))["latest"]
        # An image whose rights expire is replaced by a placeholder on every page showing it, at once.
        image_expired = Image.objects.rights_expired().aggregate(latest=Max("rights_expire_at"))["latest"]
        memory.version = version
        # One assignment: other threads read memory.generation meanwhile, and must never see half of it.
        moments = (newest, expired, image_expired)
        memory.generation = "-".join([str(version), *(str(moment.timestamp() if moment else 0) for moment in moments)])
        memory.generation_expires = now + settings.PAGE_CACHE_CHECK_SECONDS
    return memory.generation


def forget_generation():
    """Make this process re-read the generation now."""
    memory.generation = None


def announce_generation():
    """After a change is committed: every process sharing the cache re-reads the generation at once.

    Without a shared cache (or with Redis down) the others still catch up within
    PAGE_CACHE_CHECK_SECONDS. Only a newer version is heeded, so two announcements arriving
    out of order do no harm."""
    forget_generation()
    version = PublicationState.objects.values_list("version", flat=True).first() or 0
    cache.set(ANNOUNCED_VERSION_KEY, version, None)


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
    return f"page-cache:{generation()}:{hashlib.sha256(address).hexdigest()}"


def cache_for_readers(view, *, reads=()):
    """Serve `view` from the page cache to anonymous readers (GET and HEAD).

    `reads` names every query parameter the page reads (keys of QUERY_PARAMETERS); the others never reach it
    from the cache, so a page reading one not named would be served the wrong entry."""
    unknown = set(reads) - set(QUERY_PARAMETERS)
    if unknown:
        raise ValueError(f"No normal form for the query parameters {sorted(unknown)}: add one to QUERY_PARAMETERS.")

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = page_key(request, reads)
        entry = memory.get_page(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                memory.keep_page(key, entry)
        outcome = "hit"
        if entry is None:
            if cache.add(f"{key}:lock", 1, LOCK_SECONDS):
                try:
                    response = view(request, *args, **kwargs)
                    entry = store(key, response)
                finally:
                    cache.delete(f"{key}:lock")
                if entry is None:
                    return response
                outcome = "miss"
            else:
                entry = wait_for(key)
                if entry is None:  # the rebuilding request is slow or failed: render it ourselves
                    return view(request, *args, **kwargs)
        return respond(entry, outcome)

    cached_view.reads = tuple(reads)
    return cached_view


def store(key, response):
    if response.status_code != 200 or response.cookies or response.streaming or response.has_header("Cache-Control"):
        return None
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    entry = {
        "content": response.content,
        "headers": {name: response[name] for name in HEADERS_KEPT if response.has_header(name)},
        "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
    }
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    memory.keep_page(key, entry)
    return entry


def wait_for(key):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        entry = cache.get(key)
        if entry is not None:
            return entry
    return None


def respond(entry, outcome):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = outcome
    # Browsers and proxies may keep the page but must ask again (a cheap 304) before showing it.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
