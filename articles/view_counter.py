"""The view counter: one small POST (navigator.sendBeacon) per article page view.

Counting in a POST rather than in the page view lets a cached page still count, and
leaves out clients that run no JavaScript (most bots) and link prefetches.

A client (an IPv4 address or an IPv6 /64) counts once per article per
VIEW_COUNTER_WINDOW_SECONDS, and at most VIEW_COUNTER_MAX_PER_MINUTE times a minute
across all articles, whatever User-Agent it sends, so a script that repeats a beacon,
changes its User-Agent or cycles through ids cannot inflate the counts. A beacon
another site makes its visitors' browsers send is not counted. The limits live in
the cache, whose add() and incr() are atomic in the local-memory and Redis backends.
A beacon that is not counted gets the same answer as one that is.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import services
from articles.models import Article
from common.clients import cache_key, client_ip, client_network, within_limit


@csrf_exempt  # navigator.sendBeacon cannot carry a CSRF token; counting a view changes nothing else.
@require_POST
def record_view(request, pk):
    if should_count(request, pk):
        found = services.article_record_view(article_id=pk)
    else:
        found = Article.objects.published().filter(pk=pk).exists()
    if not found:
        raise Http404("No published article has this id.")
    return HttpResponse(status=204)


def should_count(request, article_id) -> bool:
    # The newsroom reading its own articles is not readership, as previews are not.
    if is_prefetch(request) or is_cross_site(request) or request.user.has_perm("articles.change_article"):
        return False
    network = client_network(client_ip(request))
    # Not the User-Agent, which a script changes at will: readers behind one office address count once.
    first_view = cache.add(cache_key("article", network, article_id), 1, settings.VIEW_COUNTER_WINDOW_SECONDS)
    return first_view and within_client_limit(network)


def within_client_limit(network: str) -> bool:
    return within_limit(cache_key("minute", network), settings.VIEW_COUNTER_MAX_PER_MINUTE, 60)


def is_prefetch(request) -> bool:
    purpose = " ".join(request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Moz"))
    return "prefetch" in purpose.lower()


def is_cross_site(request) -> bool:
    """Whether another site's page sent the beacon: browsers say so in Sec-Fetch-Site, older ones in Origin."""
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:  # sent by every browser with a POST from a page; not by scripts, which the limits hold
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    try:
        # The host alone: behind a proxy that ends TLS the scheme seen here may not be the reader's.
        # "null" (a sandboxed frame, a redirect from elsewhere) has no host, so it is another site.
        return urlsplit(origin).netloc.lower() != request.get_host().lower()
    except ValueError:  # not a URL
        return True
