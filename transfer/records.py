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


@dataclass
class ItemError:
    """An item that could not even be read (malformed line, missing field, bad date)."""

    location: str
    message: str


@dataclass
class ImageRecord:
    import_ref: str
    path: Path  # the picture on local disk
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
    warnings: list[str] = field(default_factory=list)


@dataclass
class SkippedItem:
    """An item the format holds that is deliberately not imported (a trashed post, a menu item)."""

    location: str
    reason: str
