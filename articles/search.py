"""Article search: PostgreSQL full-text search with ranking; a plain word match elsewhere.

The reader's words are never parsed as tsquery syntax: websearch_to_tsquery accepts
anything a person types. Snippets are cut from the plain text of the body and
escaped before the matched words are marked, so they are safe to render.
"""

import html
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SEARCH_CONFIG = "english"
SNIPPET_CHARS = 240
MAX_RANKED = 1000


def clean_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def terms_of(query: str) -> list[str]:
    words = re.findall(r"\w[\w'’-]*", query)
    return list(dict.fromkeys(word.lower() for word in words))[:MAX_TERMS]


def search_articles(query: str):
    """Published articles matching `query`, best first, and how many there are where the search counted them
    already (None: count them)."""
    published = Article.objects.published()
    terms = terms_of(query)
    if not terms:
        return published.none(), 0
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed document of migration 0006: headline (A) > standfirst (B) > body (C).
        document = RawSQL('"articles_article"."search_document"', [], output_field=SearchVectorField())
        tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        # A common word matches a large share of the archive: rank the newest matches, not all of them.
        newest = list(
            published.alias(document=document)
            .filter(document=tsquery)
            .order_by("-publish_at")
            .values_list("pk", flat=True)[:MAX_RANKED]
        )
        ranked = (
            Article.objects.filter(pk__in=newest)
            .alias(document=document)
            .annotate(rank=SearchRank(document, tsquery))
            .order_by("-rank", "-publish_at")
        )
        return ranked, len(newest)
    matches = Q()
    for term in terms:
        matches &= Q(headline__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)
    return published.filter(matches), None


def snippet(article: Article, query: str) -> str:
    """A short, escaped extract of the article around the first matched word, with matches in <mark>."""
    # The standfirst is plain text; the body is sanitized HTML.
    text = " ".join(f"{article.standfirst} {html.unescape(strip_tags(article.body))}".split())
    terms = terms_of(query)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(first.start() - SNIPPET_CHARS // 3, 0) if first else 0
    extract = text[start : start + SNIPPET_CHARS]
    extract = ("…" if start else "") + extract + ("…" if start + SNIPPET_CHARS < len(text) else "")
    escaped = escape(extract)
    if pattern:
        escaped_pattern = re.compile("|".join(re.escape(escape(term)) for term in terms), re.IGNORECASE)
        escaped = escaped_pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped)
    return mark_safe(escaped)  # noqa: S308 (built from escaped text)
