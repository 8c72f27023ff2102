"""The API's answers kept as readers' pages are (articles.page_cache): each stored with the dependency keys of what
it shows, purged by the same changes, and sent to the edge with the same surrogate keys. A client holding an answer
asks again with If-None-Match or If-Modified-Since and gets a 304 made from the stored entry, without the answer
being made again.

Answers differ by who asks: anyone (summaries, shared by every anonymous client and by the edge) or a key's scope
and sections (keys with the same reach share an entry; the answer is private to the client)."""

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.urls import URLPattern
from django.utils.cache import patch_cache_control, patch_vary_headers
from ninja.errors import HttpError

from api.access import RateLimited, reader_for
from articles import dependencies, page_cache

# Every parameter an endpoint reads: any other is served the same entry, as on readers' pages.
PARAMETERS = ("cursor", "updated_since", "limit", "page")
KEY_HEADERS = ("Authorization", "X-API-Key")
# django-ninja's own addresses, which are no endpoint's answer: the OpenAPI schema, and the root it reverses.
NOT_ANSWERS = {"openapi-json", "api-root"}


def reach(reader) -> str:
    """Who an answer is for: readers with the same reach get the same answer."""
    if reader.key is None:
        return "anyone"
    sections = ",".join(str(pk) for pk in sorted(reader.section_ids)) if reader.section_ids else "all"
    return f"{'full' if reader.full_text else 'summary'}:{sections}"


def answer_key(request) -> str | None:
    """The entry of this request's answer; None (answered afresh, which refuses it) for a key refused or a rate
    exceeded."""
    try:
        reader = reader_for(request)
    except (HttpError, RateLimited):
        return None
    parameters = urlencode([(name, request.GET.get(name, "")) for name in PARAMETERS])
    address = f"{request.scheme}://{request.get_host()}{request.path}?{parameters}#{reach(reader)}"
    return f"page-cache:api:{hashlib.sha256(address.encode()).hexdigest()}"


def kept_like_pages(view):
    """`view` answered from the page cache; a key's answers private to its client, every one revalidated."""
    cached = page_cache.cache_for_readers(view, key_for=answer_key)

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = cached(request, *args, **kwargs)
        patch_vary_headers(response, KEY_HEADERS)
        reader = getattr(request, "api_reader", None)
        if reader is not None and reader.key is not None:
            response["Cache-Control"] = "private, no-cache"
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    answer.reads = PARAMETERS  # part of the entry's key (answer_key), as a page's reads are of its key
    return answer


def cached_patterns(patterns):
    """The API's URL patterns, every endpoint's answered through kept_like_pages (so each must say what it shows)."""
    return [
        URLPattern(pattern.pattern, kept_like_pages(pattern.callback), pattern.default_args, pattern.name)
        if isinstance(pattern, URLPattern) and pattern.name not in NOT_ANSWERS
        else pattern
        for pattern in patterns
    ]


def shows_article(article) -> None:
    """The answer being made shows `article`: its own key (saves, corrections, takedowns), its section, tags and
    authors (renamed), and its pictures (captions, credits, rights, agencies)."""
    keys = {dependencies.article(article.pk), dependencies.section(article.section_id)}
    keys |= {dependencies.tag(tag.pk) for tag in article.tag_list}
    keys |= {dependencies.author(byline.author_id) for byline in article.byline_list}
    pictures = [article.lead_image, *getattr(article, "body_pictures", {}).values()]
    for image in pictures:
        if image is not None:
            keys |= dependencies.image_keys(image)
    dependencies.shown(*keys)
