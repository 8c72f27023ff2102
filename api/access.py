"""Who is asking: a partner's key (its sections, full text or not, its rate) or anyone (summaries, a lower rate)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError

from api.models import ApiKey
from api.services import api_key_for
from common.clients import cache_key, client_ip, client_network, within_limit

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, limit: int):
        super().__init__(f"More than {limit} requests a minute: wait a minute and ask again.")


@dataclass(frozen=True)
class Reader:
    key: ApiKey | None
    full_text: bool
    section_ids: frozenset[int] | None  # None: every section


def reader_for(request) -> Reader:
    """The reader behind `request`, counted against its rate; 401 for a key this site did not give or that ended,
    RateLimited past its rate. Counted once a request: the answer's cache asks first (api/caching.py)."""
    counted_already = getattr(request, "api_reader_counted", None)
    if counted_already is not None:
        return counted_already
    presented = presented_key(request)
    if presented is None:
        limit = settings.API_ANONYMOUS_PER_MINUTE
        counted = cache_key("api-anonymous", client_network(client_ip(request)))
        reader = Reader(None, full_text=False, section_ids=None)
    else:
        key = api_key_for(presented)
        if key is None or key.revoked_at is not None:
            raise HttpError(401, "Unknown or revoked API key.")
        if key.expires_at is not None and key.expires_at <= timezone.now():
            raise HttpError(401, f"This API key expired on {key.expires_at:%Y-%m-%d %H:%M} UTC.")
        limit = key.per_minute
        counted = cache_key("api-key", key.pk)
        sections = frozenset(section.pk for section in key.sections.all()) or None
        reader = Reader(key, full_text=key.scope == ApiKey.Scope.FULL, section_ids=sections)
    request.api_reader = reader  # for the CORS answer (api/cors.py)
    if not within_limit(counted, limit, WINDOW_SECONDS):
        raise RateLimited(limit)
    request.api_reader_counted = reader
    return reader


def presented_key(request) -> str | None:
    """The key in `Authorization: Bearer …` or `X-API-Key`, if any."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key", "").strip() or None
