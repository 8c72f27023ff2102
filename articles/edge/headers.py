"""The headers that let a shared cache keep readers' pages, and keep everyone else's out of it.

A reader's page (a view served through the page cache, to an anonymous reader, setting no cookie) may be kept by
shared caches for EDGE_MAX_AGE while browsers revalidate it every time (a cheap 304), and carries the keys of
what it shows in the header each edge reads: xkey (Varnish), Surrogate-Key (Fastly), Cache-Tag (Cloudflare).
Anything answered to a logged-in user, or setting a cookie, is `private, no-store`; so is anything else no rule
here made public (but files, such as uploads served in local use), so that no CDN keeps it, unpurged.
"""

import math

from django.conf import settings
from django.utils.cache import patch_cache_control

from articles.edge import paths
from articles.edge.keys import edge_keys, page_keys

SHARED_STATUSES = (200, 304)
# A reader's page may vary on these and still be shared: the edge strips readers' cookies (deploy/varnish.vcl), and
# keeps the API's answers to anyone apart from those to a key (which are private) by their key headers.
HARMLESS_VARY = {"cookie", "accept-encoding", "authorization", "x-api-key"}
KEEP_OUT = ("private", "no-store", "no-cache")
KEPT_PRIVATE = ("private", "no-store")


def limit_lifetime(request, seconds):
    """No shared cache may keep the page answering `request` for more than `seconds`: say, until the next
    scheduled publication or expiry that would change it (math.inf: none is foreseen)."""
    if math.isinf(seconds):
        return
    request.edge_lifetime = min(getattr(request, "edge_lifetime", seconds), max(0, int(seconds)))


def cache_control(lifetime=None) -> str:
    """Cache-Control for a reader's page that changes in `lifetime` seconds at the latest (None: not foreseen).

    Neither s-maxage nor the stale allowances outlive that moment: a page due to change at 9:00 is not served
    stale at 9:00:05."""
    fresh = settings.EDGE_MAX_AGE if lifetime is None else min(settings.EDGE_MAX_AGE, lifetime)
    left = None if lifetime is None else lifetime - fresh
    stale = [
        (name, value if left is None else min(value, left))
        for name, value in [
            ("stale-while-revalidate", settings.EDGE_STALE_WHILE_REVALIDATE),
            ("stale-if-error", settings.EDGE_STALE_IF_ERROR),
        ]
    ]
    return ", ".join(
        ["public", "max-age=0", "must-revalidate", f"s-maxage={fresh}", *(f"{name}={value}" for name, value in stale)]
    )


def is_readers_page(request, response) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code not in SHARED_STATUSES or response.cookies:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or not hasattr(match.func, "reads"):  # articles.page_cache.cache_for_readers marks them
        return False
    if any(word in response.get("Cache-Control", "") for word in KEEP_OUT):
        return False
    vary = {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}
    user = getattr(request, "user", None)
    return vary <= HARMLESS_VARY and not (user and user.is_authenticated)


class EdgeHeadersMiddleware:
    """Outside the session, CSRF and conditional-GET middleware, so that it sees the cookies and Vary they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_readers_page(request, response):
            if settings.EDGE_MAX_AGE:
                response["Cache-Control"] = cache_control(getattr(request, "edge_lifetime", None))
            shown = page_keys(request)
            keys = edge_keys(shown)
            response["xkey"] = response["Surrogate-Key"] = " ".join(keys)
            response["Cache-Tag"] = ",".join(keys)
            if settings.EDGE_PURGER == "cloudfront":
                paths.record(shown, request.get_full_path())
        elif not response.streaming and not any(word in response.get("Cache-Control", "") for word in KEPT_PRIVATE):
            patch_cache_control(response, private=True, no_store=True)
        return response
