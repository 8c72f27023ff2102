"""Who a client is, as the site's own proxies report it, and how often it may act.

The view counter, the login lockout and the password reset all count per client: an IPv4 address, or
an IPv6 /64, found behind TRUSTED_PROXY_COUNT proxies. django-ipware was weighed and not used: it has no
/64 grouping, and its proxy count includes the proxy that is REMOTE_ADDR, where ours counts the entries
our own proxies append to X-Forwarded-For.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


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
    digest = salted_hmac("common.clients", " ".join(map(str, parts)), algorithm="sha256").hexdigest()
    return f"views:{kind}:{digest}"


def within_limit(key: str, limit: int, seconds: int) -> bool:
    """Count one more under `key` for `seconds` from the first; whether the count is still at most `limit`."""
    counting = getattr(cache, "count", None)
    if counting is not None:  # the Redis cache (newsroom.cache): in one round trip
        return counting(key, seconds) <= limit
    if cache.add(key, 1, seconds):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add() and incr(): this one starts the next
        cache.add(key, 1, seconds)
        return limit >= 1
