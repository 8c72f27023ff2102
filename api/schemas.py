"""What the API answers, as its OpenAPI schema (/api/v1/schema/) describes it: this site's own JSON."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class Link(Schema):
    slug: str
    name: str
    url: str


class Byline(Schema):
    name: str
    slug: str
    role: str
    url: str


class Rendition(Schema):
    url: str
    width: int
    height: int
    format: str


class Picture(Schema):
    renditions: list[Rendition]
    alt_text: str
    caption: str
    credit: str
    disclaimer: str


class Correction(Schema):
    kind: str
    text: str
    created_at: datetime


class Article(Schema):
    kind: Literal["article"] = "article"
    id: int
    url: str
    headline: str
    standfirst: str
    section: Link
    tags: list[Link]
    bylines: list[Byline]
    published_at: datetime | None
    significantly_updated_at: datetime | None
    changed_at: datetime
    corrections: list[Correction]
    lead_image: Picture | None
    lead_image_withheld: str | None = None
    body_html: str | None = Field(None, description="The full text, for keys that read it; null otherwise.")


class Tombstone(Schema):
    """An article partners must take down: unpublished, expired or deleted."""

    kind: Literal["tombstone"] = "tombstone"
    id: int
    changed_at: datetime
    reason: Literal["unpublished", "expired", "deleted"]


class ArticlePage(Schema):
    items: list[Article | Tombstone]
    next_cursor: str | None
    has_more: bool


class NinjsPage(Schema):
    items: list[dict] = Field(description="IPTC ninjs 3.1 objects (https://iptc.org/std/ninjs/)")
    next_cursor: str | None
    has_more: bool


class Section(Schema):
    slug: str
    name: str
    description: str
    url: str


class Error(Schema):
    detail: str


class Tag(Link):
    articles: int = Field(description="How many published articles carry it (that this key reads).")


class TagPage(Schema):
    items: list[Tag]
    page: int
    has_more: bool


class AuthorLink(Schema):
    label: str
    url: str


class Author(Schema):
    slug: str
    name: str
    role: str
    bio: str
    url: str
    photo: Picture | None
    links: list[AuthorLink]


class AuthorPage(Schema):
    items: list[Author]
    page: int
    has_more: bool
