"""/api/v1/: the endpoints. Read-only: every one answers GET, none writes, none reads a session or a cookie."""

from datetime import datetime

from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from api import ninjs, schemas
from api.access import WINDOW_SECONDS, RateLimited, Reader, reader_for
from api.caching import shows_article
from api.representations import article_summary, articles_for_api, author_summary
from api.sync import LARGEST_ID, BadCursor, Cursor, Entry, changes, entry
from articles import dependencies
from articles.local_times import CALENDAR_ENDS, in_calendar
from articles.models import Article, Byline, Section
from authors.models import Author

api = NinjaAPI(
    title="Asia In News content API",
    version="1",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url=None,  # Swagger UI loads its script from a CDN, which the pages' CSP refuses; README.md has examples.
)


# Tags and authors come in pages of this many.
PER_PAGE = 100

# What any endpoint may answer instead: a bad parameter, a key that ended or was never given, too many requests.
REFUSALS = {400: schemas.Error, 401: schemas.Error, 429: schemas.Error}


@api.exception_handler(RateLimited)
def rate_limited(request, error):
    answer = api.create_response(request, {"detail": str(error)}, status=429)
    answer["Retry-After"] = str(WINDOW_SECONDS)
    return answer


class ArticleQuery(Schema):
    cursor: str | None = Field(None, description="next_cursor of the page before; resume a sync with the last one.")
    updated_since: datetime | None = Field(None, description="Only what changed after this time (ISO 8601).")
    limit: int = Field(20, ge=1, le=100)


def page(query: ArticleQuery, reader: Reader) -> tuple[list[Entry], bool, dict, str | None]:
    """(the entries of the page, whether more follow, {id: article} of the live ones, the cursor after them)."""
    if query.cursor and query.updated_since:
        raise HttpError(400, "Give cursor or updated_since, not both.")
    if query.cursor:
        try:
            after = Cursor.parse(query.cursor)
        except BadCursor as error:
            raise HttpError(400, f"Bad cursor: {error}.") from None
    elif query.updated_since:
        since = query.updated_since
        if timezone.is_naive(since):
            raise HttpError(400, "updated_since needs a time zone, e.g. 2026-12-06T10:00:00Z.")
        if not in_calendar(since):
            raise HttpError(400, f"updated_since must be {CALENDAR_ENDS}.")
        after = Cursor(since, LARGEST_ID)
    else:
        after = None
    entries, more = changes(after, query.limit, reader.section_ids)
    live = articles_for_api([entry.id for entry in entries if not entry.gone], full_text=reader.full_text)
    last = str(Cursor(entries[-1].changed_at, entries[-1].id)) if entries else query.cursor
    shows(entries, live)
    if not more:
        dependencies.shown(dependencies.SYNC_END)  # the next change to settle joins this page
    return entries, more, live, last


def shows(entries, live) -> None:
    """What the answer shows, for its cache: each live article, and each tombstone's article (should it return)."""
    for listed in entries:
        if listed.id in live:
            shows_article(live[listed.id])
        else:
            dependencies.shown(dependencies.article(listed.id))


def last_modified(response: HttpResponse, entries) -> None:
    """Last-Modified: when the latest of the answer's entries changed (a client may ask If-Modified-Since)."""
    if entries:
        response["Last-Modified"] = http_date(max(entry.changed_at for entry in entries).timestamp())


def one(article_id: int, reader: Reader) -> tuple[Entry, object | None]:
    """(the article's entry, the article while it is live), or 404."""
    found = entry(article_id, reader.section_ids)
    if found is None:
        raise HttpError(404, "No published article has this id.")
    article = None if found.gone else articles_for_api([article_id], full_text=reader.full_text).get(article_id)
    shows([found], {article_id: article} if article else {})
    return found, article


@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, **REFUSALS},
    summary="Published articles and takedowns, oldest change first",
)
def article_list(request: HttpRequest, response: HttpResponse, query: Query[ArticleQuery]):
    """Every article readers see, and a tombstone for each they saw and no longer can, in the order they last
    changed. Page with `next_cursor`; keep the last one and ask with it later to get only what changed since."""
    reader = reader_for(request)
    entries, more, live, last = page(query, reader)
    last_modified(response, entries)
    items = [
        article_summary(live[entry.id], entry.changed_at, request, full_text=reader.full_text)
        if entry.id in live
        else tombstone(entry)
        for entry in entries
    ]
    return {"items": items, "next_cursor": last, "has_more": more}


@api.get(
    "/articles/{int:article_id}/",
    response={200: schemas.Article, 404: schemas.Error, 410: schemas.Tombstone, **REFUSALS},
    summary="One published article",
)
def article_detail(request: HttpRequest, response: HttpResponse, article_id: int):
    """A published article; 410 with a tombstone for one readers saw and no longer can; 404 for any other id."""
    reader = reader_for(request)
    found, article = one(article_id, reader)
    last_modified(response, [found])
    if article is None:
        return Status(410, tombstone(found))
    return Status(200, article_summary(article, found.changed_at, request, full_text=reader.full_text))


def tombstone(entry: Entry) -> dict:
    # An article unpublished between the two queries of a page is a tombstone too.
    return {"kind": "tombstone", "id": entry.id, "changed_at": entry.changed_at, "reason": entry.gone or "unpublished"}


def ninjs_page(request, response, query, version) -> dict:
    reader = reader_for(request)
    entries, more, live, last = page(query, reader)
    last_modified(response, entries)
    items = [
        ninjs.article_ninjs(live[entry.id], entry.changed_at, request, full_text=reader.full_text)
        if entry.id in live
        else ninjs.tombstone_ninjs(entry, request)
        for entry in entries
    ]
    return {"items": [ninjs.in_version(item, version) for item in items], "next_cursor": last, "has_more": more}


def ninjs_item(request, response, article_id, version) -> Status:
    reader = reader_for(request)
    found, article = one(article_id, reader)
    last_modified(response, [found])
    if article is None:
        return Status(410, ninjs.in_version(ninjs.tombstone_ninjs(found, request), version))
    item = ninjs.article_ninjs(article, found.changed_at, request, full_text=reader.full_text)
    return Status(200, ninjs.in_version(item, version))


@api.get(
    "/ninjs/articles/",
    response={200: schemas.NinjsPage, **REFUSALS},
    summary="The same sync, each article in IPTC ninjs 3.1",
)
def ninjs_article_list(request: HttpRequest, response: HttpResponse, query: Query[ArticleQuery]):
    """As /articles/, each item a ninjs 3.1 object; a takedown is an item whose pubStatus is "canceled"."""
    return ninjs_page(request, response, query, "3.1")


@api.get(
    "/ninjs/articles/{int:article_id}/",
    response={200: dict, 404: schemas.Error, 410: dict, **REFUSALS},
    summary="One published article in IPTC ninjs 3.1",
)
def ninjs_article_detail(request: HttpRequest, response: HttpResponse, article_id: int):
    """A ninjs 3.1 object; 410 with one whose pubStatus is "canceled" once the article is taken down."""
    return ninjs_item(request, response, article_id, "3.1")


@api.get(
    "/ninjs/2.2/articles/",
    response={200: schemas.NinjsPage, **REFUSALS},
    summary="The same sync in ninjs 2.2, for consumers of 2.x",
)
def ninjs22_article_list(request: HttpRequest, response: HttpResponse, query: Query[ArticleQuery]):
    """As /ninjs/articles/, each item in ninjs 2.2 (the same structure, its names in lower case)."""
    return ninjs_page(request, response, query, "2.2")


@api.get(
    "/ninjs/2.2/articles/{int:article_id}/",
    response={200: dict, 404: schemas.Error, 410: dict, **REFUSALS},
    summary="One published article in ninjs 2.2",
)
def ninjs22_article_detail(request: HttpRequest, response: HttpResponse, article_id: int):
    return ninjs_item(request, response, article_id, "2.2")


@api.get(
    "/sections/", response={200: list[schemas.Section], **REFUSALS}, summary="The sections, in the navigation's order"
)
def section_list(request: HttpRequest):
    reader = reader_for(request)
    sections = Section.objects.order_by("position", "name")
    if reader.section_ids is not None:
        sections = sections.filter(pk__in=reader.section_ids)
    sections = list(sections)
    dependencies.shown(dependencies.NAV, *(dependencies.section(section.pk) for section in sections))
    return [
        {
            "slug": section.slug,
            "name": section.name,
            "description": section.description,
            "url": request.build_absolute_uri(section.get_absolute_url()),
        }
        for section in sections
    ]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10_000)


def published_for(reader: Reader):
    """The published articles `reader` reads: its key's sections, or all."""
    articles = Article.objects.published()
    return articles if reader.section_ids is None else articles.filter(section_id__in=reader.section_ids)


def one_page(rows, number: int) -> tuple[list, bool]:
    start = (number - 1) * PER_PAGE
    found = list(rows[start : start + PER_PAGE + 1])
    return found[:PER_PAGE], len(found) > PER_PAGE


@api.get("/tags/", response={200: schemas.TagPage, **REFUSALS}, summary="The tags of published articles, by name")
def tag_list(request: HttpRequest, query: Query[PageQuery]):
    """Only tags a published article carries: one used by drafts alone is not public."""
    reader = reader_for(request)
    carrying = published_for(reader).filter(tags=OuterRef("pk")).order_by().values("tags")
    tags = (
        published_for(reader).tags().annotate(articles=Subquery(carrying.annotate(count=Count("pk")).values("count")))
    )
    found, more = one_page(tags.order_by("name", "pk"), query.page)
    # A tag becomes public, or stops being, when a live article enters or leaves a listing: feeds are purged then.
    dependencies.shown(dependencies.FEEDS, *(dependencies.tag(tag.pk) for tag in found))
    items = [
        {"slug": tag.slug, "name": tag.name, "articles": tag.articles,
         "url": request.build_absolute_uri(reverse("articles:tag", kwargs={"slug": tag.slug}))}
        for tag in found
    ]  # fmt: skip
    return {"items": items, "page": query.page, "has_more": more}


@api.get(
    "/authors/", response={200: schemas.AuthorPage, **REFUSALS}, summary="The authors of published articles, by name"
)
def author_list(request: HttpRequest, query: Query[PageQuery]):
    reader = reader_for(request)
    bylined = Byline.objects.filter(article__in=published_for(reader)).values("author_id")
    authors = Author.objects.filter(pk__in=bylined).select_related("photo").prefetch_related("links")
    found, more = one_page(authors.order_by("name", "pk"), query.page)
    dependencies.shown(dependencies.FEEDS, *(dependencies.author(author.pk) for author in found))
    return {"items": [author_summary(author, request) for author in found], "page": query.page, "has_more": more}
