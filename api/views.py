"""/api/v1/: the endpoints. Read-only: every one answers GET, none writes, none reads a session or a cookie."""

from datetime import datetime

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from api import schemas
from api.models import DeletedArticle
from api.representations import article_summary, articles_for_api
from api.sync import LARGEST_ID, BadCursor, Cursor, Entry, changes, gone_reason
from articles.local_times import CALENDAR_ENDS, in_calendar
from articles.models import Article, Section

api = NinjaAPI(
    title="Asia In News content API",
    version="1",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url=None,  # Swagger UI loads its script from a CDN, which the pages' CSP refuses; README.md has examples.
)


class ArticleQuery(Schema):
    cursor: str | None = Field(None, description="next_cursor of the page before; resume a sync with the last one.")
    updated_since: datetime | None = Field(None, description="Only what changed after this time (ISO 8601).")
    limit: int = Field(20, ge=1, le=100)


@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, 400: schemas.Error},
    summary="Published articles and takedowns, oldest change first",
)
def article_list(request: HttpRequest, query: Query[ArticleQuery]):
    """Every article readers see, and a tombstone for each they saw and no longer can, in the order they last
    changed. Page with `next_cursor`; keep the last one and ask with it later to get only what changed since."""
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
    entries, more = changes(after, query.limit)
    return {
        "items": represent(entries, request),
        "next_cursor": str(Cursor(entries[-1].changed_at, entries[-1].id)) if entries else query.cursor,
        "has_more": more,
    }


def represent(entries: list[Entry], request) -> list[dict]:
    live = articles_for_api([entry.id for entry in entries if not entry.gone])
    return [
        {"kind": "article", **article_summary(live[entry.id], entry.changed_at, request)}
        if entry.id in live
        else tombstone(entry)
        for entry in entries
    ]


def tombstone(entry: Entry) -> dict:
    # An article unpublished between the two queries of a page is a tombstone too.
    return {"kind": "tombstone", "id": entry.id, "changed_at": entry.changed_at, "reason": entry.gone or "unpublished"}


@api.get(
    "/articles/{int:article_id}/",
    response={200: schemas.Article, 404: schemas.Error, 410: schemas.Tombstone},
    summary="One published article",
)
def article_detail(request: HttpRequest, article_id: int):
    """A published article; 410 with a tombstone for one readers saw and no longer can; 404 for any other id."""
    if not 0 < article_id <= LARGEST_ID:
        raise HttpError(404, "No published article has this id.")
    found = (
        Article.objects.filter(pk=article_id)
        .filter(Q(pk__in=Article.objects.published().values("pk")) | Q(pk__in=Article.objects.gone_out().values("pk")))
        .with_changed_at()
        .annotate(gone=gone_reason())
        .values_list("changed_at", "gone")
        .first()
    )
    if found is not None:
        changed_at, gone = found
        article = articles_for_api([article_id]).get(article_id) if not gone else None
        if article is not None:
            return Status(200, {"kind": "article", **article_summary(article, changed_at, request)})
        return Status(410, tombstone(Entry(changed_at, article_id, gone)))
    deleted = DeletedArticle.objects.filter(article_id=article_id).first()
    if deleted is not None:
        return Status(410, tombstone(Entry(deleted.deleted_at, article_id, "deleted")))
    raise HttpError(404, "No published article has this id.")


@api.get("/sections/", response=list[schemas.Section], summary="The sections, in the navigation's order")
def section_list(request: HttpRequest):
    return [
        {
            "slug": section.slug,
            "name": section.name,
            "description": section.description,
            "url": request.build_absolute_uri(section.get_absolute_url()),
        }
        for section in Section.objects.order_by("position", "name")
    ]
