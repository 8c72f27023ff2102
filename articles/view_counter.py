"""The view counter: one small POST (navigator.sendBeacon) per article page view.

Counting in a POST rather than in the page view lets a cached page still count, and
leaves out clients that run no JavaScript (most bots) and link prefetches.

A client counts once per article per VIEW_COUNTER_WINDOW_SECONDS, and at most
VIEW_COUNTER_MAX_PER_MINUTE times a minute across all articles, so a script that
repeats a beacon or cycles through ids cannot inflate the counts. The limits live in
the cache, whose add() and incr() are atomic in the local-memory and Redis backends.
A beacon that is not counted gets the same answer as one that is.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import services
from articles.models import Article


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
    if is_prefetch(request) or request.user.has_perm("articles.change_article"):
        return False
    network = client_network(client_ip(request))
    # The user agent tells apart readers behind one address (an office, a mobile carrier);
    # the per-minute cap ignores it, since a script can change it at will.
    reader = f"{network} {request.headers.get('User-Agent', '')}"
    first_view = cache.add(cache_key("article", reader, article_id), 1, settings.VIEW_COUNTER_WINDOW_SECONDS)
    return first_view and within_client_limit(network)


def within_client_limit(network: str) -> bool:
    key = cache_key("minute", network)
    if cache.add(key, 1, 60):
        return True
    try:
        return cache.incr(key) <= settings.VIEW_COUNTER_MAX_PER_MINUTE
    except ValueError:  # The minute ended between add() and incr(): this view starts the next one.
        cache.add(key, 1, 60)
        return True


def is_prefetch(request) -> bool:
    purpose = " ".join(request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Moz"))
    return "prefetch" in purpose.lower()


def client_ip(request) -> str:
    """The reader's address: REMOTE_ADDR, or what the outermost of TRUSTED_PROXY_COUNT proxies saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        # Entries left of the ones our proxies appended come from the client and can be forged.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_network(address: str) -> str:
    """One IPv6 host usually holds a whole /64, so a script could rotate through it: count the /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.IPv6Network((int(ip), 64), strict=False))
    return str(ip)


def cache_key(kind: str, *parts) -> str:
    # Keyed with SECRET_KEY, so the cache holds no readers' addresses, nor anything that leads back to one.
    digest = salted_hmac("articles.view_counter", " ".join(map(str, parts)), algorithm="sha256").hexdigest()
    return f"views:{kind}:{digest}"
