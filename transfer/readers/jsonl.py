"""JSON Lines: one article per line, the format `export_articles` writes.

Sections and authors given as objects are definitions (created when missing), given
as strings they are references to existing ones. Image files are named relative to
the JSON Lines file (an export keeps them in images/ beside it).
"""

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

from articles.models import BylineRole, CorrectionKind
from transfer import values
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    CorrectionRecord,
    ImageRecord,
    ImportProblem,
    ItemError,
    SectionRecord,
)

MAX_LINE_BYTES = 20 * 1024 * 1024
SKIP_CHUNK_BYTES = 1024 * 1024


def looks_like_jsonl(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_jsonl(path: Path, *, media_dir: Path | None = None) -> Iterator[ArticleRecord | ItemError]:
    base_dir = media_dir or path.parent
    with path.open("rb") as lines:
        for number in itertools.count(1):
            # Bounded: a line of a gigabyte (or a file with no newline) is refused, not read into memory whole.
            raw = lines.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            location = f"{path.name} line {number}"
            if len(raw) > MAX_LINE_BYTES:
                skip_rest_of_line(lines, raw)
                yield ItemError(location, f"the line is longer than {MAX_LINE_BYTES / (1024 * 1024):g} MB; not read.")
                continue
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield ItemError(location, "the line is not UTF-8 text.")
                continue
            except json.JSONDecodeError as error:
                yield ItemError(location, f"not valid JSON: {error.msg} (column {error.colno}).")
                continue
            try:
                yield article_from_dict(data, location=location, base_dir=base_dir)
            except ImportProblem as problem:
                yield ItemError(location, str(problem))


def skip_rest_of_line(lines, read: bytes) -> None:
    while read and not read.endswith(b"\n"):
        read = lines.readline(SKIP_CHUNK_BYTES)


def article_from_dict(data, *, location: str, base_dir: Path) -> ArticleRecord:
    if not isinstance(data, dict):
        raise ImportProblem("each line must be a JSON object (one article).")
    import_ref = values.text(data.get("import_ref", data.get("id")), "import_ref")
    if not import_ref:
        raise ImportProblem(
            "Missing required field “import_ref” (the article's identity in its source, so that a re-import "
            "updates it)."
        )
    publish_at = values.when(data.get("publish_at"), "publish_at")
    expire_at = values.when(data.get("expire_at"), "expire_at")
    values.after(expire_at, "expire_at", publish_at, "publish_at")
    return ArticleRecord(
        location=location,
        import_ref=import_ref,
        headline=values.text(data.get("headline"), "headline", required=True),
        section=section_from(data.get("section")),
        slug=values.text(data.get("slug"), "slug"),
        standfirst=values.text(data.get("standfirst"), "standfirst"),
        body=values.text(data.get("body"), "body"),
        status=values.status(data.get("status")),
        publish_at=publish_at,
        expire_at=expire_at,
        first_published_at=values.when(data.get("first_published_at"), "first_published_at"),
        created_at=values.when(data.get("created_at"), "created_at"),
        significantly_updated_at=values.when(data.get("significantly_updated_at"), "significantly_updated_at"),
        is_featured=values.flag(data.get("is_featured"), "is_featured"),
        seo_title=values.text(data.get("seo_title"), "seo_title"),
        seo_description=values.text(data.get("seo_description"), "seo_description"),
        lead_image=image_from(data.get("lead_image"), "lead_image", base_dir),
        lead_image_caption=values.text(data.get("lead_image_caption"), "lead_image_caption"),
        body_images=[
            image_from(item, "body_images", base_dir) for item in _list(data.get("body_images"), "body_images")
        ],
        view_count=values.whole_number(data.get("view_count"), "view_count"),
        authors=[author_from(item, base_dir) for item in _list(data.get("authors"), "authors")],
        tags=values.text_list(data.get("tags"), "tags"),
        corrections=[correction_from(item) for item in _list(data.get("corrections"), "corrections")],
    )


def _list(value, field):
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportProblem(f"“{field}” must be a list.")
    return value


def section_from(value) -> SectionRecord:
    if isinstance(value, dict):
        slug = values.text(value.get("slug"), "section.slug", required=True)
        return SectionRecord(
            key=slug,
            slug=slug,
            name=values.text(value.get("name"), "section.name", required=True),
            description=values.text(value.get("description"), "section.description"),
            position=values.whole_number(value.get("position"), "section.position") or 0,
            defined=True,
        )
    return SectionRecord(key=values.text(value, "section", required=True))


def author_from(value, base_dir: Path) -> AuthorRecord:
    if isinstance(value, dict):
        slug = values.text(value.get("slug"), "authors.slug", required=True)
        links = []
        for link in _list(value.get("links"), "authors.links"):
            link = values.mapping(link, "authors.links")
            links.append(
                (values.text(link.get("label"), "links.label", required=True), values.text(link.get("url"), "url"))
            )
        return AuthorRecord(
            key=slug,
            slug=slug,
            name=values.text(value.get("name"), "authors.name", required=True),
            import_ref=values.text(value.get("import_ref"), "authors.import_ref"),
            role=values.text(value.get("role"), "authors.role"),
            bio=values.text(value.get("bio"), "authors.bio"),
            is_active=True if value.get("is_active") is None else values.flag(value["is_active"], "is_active"),
            links=links,
            photo=image_from(value.get("photo"), "authors.photo", base_dir),
            defined=True,
            byline_role=values.choice(value.get("byline_role"), "authors.byline_role", BylineRole, BylineRole.REPORTER),
        )
    return AuthorRecord(key=values.text(value, "authors", required=True))


def correction_from(value) -> CorrectionRecord:
    value = values.mapping(value, "corrections")
    created_at = values.when(value.get("created_at"), "corrections.created_at")
    if created_at is None:
        raise ImportProblem("Missing required field “corrections.created_at”.")
    return CorrectionRecord(
        text=values.text(value.get("text"), "corrections.text", required=True),
        created_at=created_at,
        kind=values.choice(value.get("kind"), "corrections.kind", CorrectionKind, CorrectionKind.CORRECTION),
    )


def image_from(value, field: str, base_dir: Path) -> ImageRecord | None:
    if value is None:
        return None
    value = values.mapping(value, field)
    name = values.text(value.get("file"), f"{field}.file", required=True)
    focal_point = value.get("focal_point")
    if focal_point is not None and not (
        isinstance(focal_point, list)
        and len(focal_point) == 2
        and all(isinstance(n, int | float) and not isinstance(n, bool) for n in focal_point)
    ):
        raise ImportProblem(f"“{field}.focal_point” must be [x, y] with numbers from 0 to 1.")
    return ImageRecord(
        import_ref=values.text(value.get("import_ref"), f"{field}.import_ref") or f"file:{name}",
        path=inside(base_dir, name, f"{field}.file"),
        title=values.text(value.get("title"), f"{field}.title") or Path(name).stem,
        alt_text=values.text(value.get("alt_text"), f"{field}.alt_text"),
        caption=values.text(value.get("caption"), f"{field}.caption"),
        credit=values.text(value.get("credit"), f"{field}.credit"),
        disclaimer=values.text(value.get("disclaimer"), f"{field}.disclaimer"),
        source_url=values.text(value.get("source_url"), f"{field}.source_url"),
        usage_rights=values.text(value.get("usage_rights"), f"{field}.usage_rights"),
        rights_expire_at=values.when(value.get("rights_expire_at"), f"{field}.rights_expire_at"),
        focal_point=tuple(focal_point) if focal_point else None,
        created_at=values.when(value.get("created_at"), f"{field}.created_at"),
    )


def inside(base_dir: Path, name: str, field: str) -> Path:
    """`name` under `base_dir`; a name that climbs out of it (../, an absolute path) is refused."""
    base = base_dir.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise ImportProblem(f"“{field}”: {name!r} is outside the folder of the import ({base_dir}).")
    return path
