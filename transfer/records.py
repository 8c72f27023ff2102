"""What a reader hands the loader: plain data, already parsed and checked for shape.

Dates are aware datetimes; HTML is as the source had it (the loader's save sanitizes
it); a section or author is a reference that may carry a definition, because a
reference alone must name something that exists while a definition may be created.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


class ImportProblem(Exception):
    """Bad input in one item; the message says what and how to fix it."""


class ItemWarning(str):
    """A warning's message, carrying the kind of problem it is: the import's summary counts warnings by kind."""

    kind: str

    def __new__(cls, kind: str, message: str = ""):
        warning = super().__new__(cls, message or kind)
        warning.kind = kind
        return warning


def warning_kind(warning: str) -> str:
    """What the summary counts `warning` as; a plain message is a kind of its own."""
    return getattr(warning, "kind", warning)


@dataclass
class ItemError:
    """An item that could not even be read (malformed line, missing field, bad date)."""

    location: str
    message: str


@dataclass
class ImageRecord:
    import_ref: str
    path: Path | None  # the picture on local disk; None: not given, only an image imported before can be used
    title: str
    alt_text: str = ""
    caption: str = ""
    credit: str = ""
    disclaimer: str = ""
    source_url: str = ""
    usage_rights: str = ""  # empty: the importer's default
    rights_expire_at: datetime | None = None
    focal_point: tuple[float, float] | None = None
    created_at: datetime | None = None


@dataclass
class SectionRecord:
    """A section by slug or name; `defined` ones are created when missing."""

    key: str
    name: str = ""
    slug: str = ""
    description: str = ""
    position: int = 0
    defined: bool = False
    catch_all: bool = False  # the source's "no real section" (WordPress's Uncategorized): --default-section takes it


@dataclass
class AuthorRecord:
    """An author by slug or name; `defined` ones are created when missing."""

    key: str
    name: str = ""
    slug: str = ""
    import_ref: str = ""
    role: str = ""
    bio: str = ""
    is_active: bool = True
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    photo: ImageRecord | None = None
    defined: bool = False
    byline_role: str = "reporter"  # what the author did on this article: an articles.models.BylineRole value


@dataclass
class CorrectionRecord:
    text: str
    created_at: datetime
    kind: str = "correction"  # an articles.models.CorrectionKind value


@dataclass
class ArticleRecord:
    location: str  # "export.xml item 12 (post 345)", "wire.jsonl line 7"
    import_ref: str
    headline: str
    section: SectionRecord
    slug: str = ""  # empty: made from the headline
    standfirst: str = ""
    body: str = ""
    status: str = "draft"  # an articles.models.Status value
    publish_at: datetime | None = None
    expire_at: datetime | None = None  # taken off the site at this instant; after publish_at
    first_published_at: datetime | None = None
    created_at: datetime | None = None
    significantly_updated_at: datetime | None = None
    is_featured: bool = False
    seo_title: str = ""
    seo_description: str = ""
    lead_image: ImageRecord | None = None
    lead_image_caption: str = ""
    # The pictures in the body: its <img data-file="N"> shows the N-th (an export's numbering).
    body_images: list[ImageRecord] = field(default_factory=list)
    keep_lead_image: bool = False  # the source names an image this run could not load: keep the current one
    view_count: int | None = None  # only set on creation: a re-import never rolls counts back
    authors: list[AuthorRecord] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    corrections: list[CorrectionRecord] = field(default_factory=list)
    # Where the item was published before (absolute URLs as the source wrote them): the old site's addresses.
    old_addresses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # reported, not fatal


@dataclass
class PageRecord:
    """A static page (WordPress pages become these)."""

    location: str
    import_ref: str
    title: str
    slug: str = ""
    body: str = ""
    is_published: bool = False
    position: int = 0
    old_addresses: list[str] = field(default_factory=list)  # as ArticleRecord's
    warnings: list[str] = field(default_factory=list)


@dataclass
class SkippedItem:
    """An item the format holds that is deliberately not imported (a trashed post, a menu item)."""

    location: str
    reason: str
