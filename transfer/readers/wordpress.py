"""WordPress export files (WXR 1.2, as Tools → Export writes them), read as a stream.

WordPress orders an export by ID, so a featured image's attachment may come after the
post that uses it. The file is therefore read twice: the first pass puts the channel's
authors and categories and every attachment's metadata into a temporary SQLite
database, the second yields the records. Each item is dropped from the tree as soon as
it is read (transfer/readers/wxr.py streams the XML), so memory stays flat however large the export.

Posts become articles and pages become pages; attachments only serve as featured
images; menus, revisions, reusable blocks and custom post types are skipped.
"""

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from django.utils import timezone

from articles.models import Status
from common.slugs import readable_slug
from transfer.readers.jsonl import inside
from transfer.readers.shortcodes import plain_text, render_content
from transfer.readers.wxr import WP_DECLARATION, Item, NotWordPress, channel_children, tag_name
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    ImageRecord,
    ImportProblem,
    ItemError,
    PageRecord,
    SectionRecord,
    SkippedItem,
)

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
NO_DATE = "0000-00-00 00:00:00"  # WordPress's "not set", e.g. the GMT date of a draft
STATUSES = {"publish": Status.PUBLISHED, "future": Status.PUBLISHED, "draft": Status.DRAFT, "pending": Status.IN_REVIEW}
NOT_IMPORTED_STATUSES = ("trash", "auto-draft")


def looks_like_wordpress(head: bytes) -> bool:
    return b"<rss" in head and WP_DECLARATION.search(head) is not None


def read_wordpress(
    path: Path, *, media_dir: Path | None = None
) -> Iterator[ArticleRecord | PageRecord | ItemError | SkippedItem]:
    with tempfile.TemporaryDirectory(prefix="wxr-") as folder, closing(sqlite3.connect(Path(folder) / "wxr.db")) as db:
        base = _index(path, db)
        reader = _Reader(path=path, db=db, base=base, media_dir=media_dir)
        number = 0
        try:
            for name, element in channel_children(path):
                if name != "item":
                    continue
                number += 1
                if not base:
                    yield ItemError(
                        path.name,
                        "the export names no site (wp:base_blog_url, wp:base_site_url and the channel's link are "
                        "empty), so its items have no stable identity to import under.",
                    )
                    return
                if (record := reader.record(Item.read(element), number)) is not None:
                    yield record
        except DefusedXmlException:
            yield ItemError(
                path.name,
                "refused: the file declares a DTD or entities (an XML bomb or external entity?); "
                "a WordPress export never does.",
            )
        except ParseError as error:
            line, column = error.position
            reason = str(error).rsplit(": line ", 1)[0]
            yield ItemError(
                f"{path.name} line {line}, column {column + 1}", f"the XML is malformed or truncated: {reason}."
            )
        except NotWordPress as error:
            yield ItemError(path.name, str(error))


# Pass 1: what items refer to, by key, in a database on disk.

_SCHEMA = """
CREATE TABLE author (login TEXT PRIMARY KEY, display_name TEXT, first_name TEXT, last_name TEXT);
CREATE TABLE category (nicename TEXT PRIMARY KEY, description TEXT);
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY, title TEXT, caption TEXT, url TEXT, file TEXT, alt TEXT, credit TEXT,
    date_gmt TEXT, date_local TEXT
);
"""


def _index(path: Path, db: sqlite3.Connection) -> str:
    """Fills the database; returns the site's base address. Errors are left for the second pass to report."""
    db.executescript(_SCHEMA)
    channel = {}
    try:
        for name, element in channel_children(path):
            if name == "item" and _is_attachment(element):
                _index_attachment(db, Item.read(element))
            elif name == "wp:author":
                author = Item.read(element)
                db.execute(
                    "INSERT OR IGNORE INTO author VALUES (?, ?, ?, ?)",
                    [author.get(f"wp:author_{key}") for key in ("login", "display_name", "first_name", "last_name")],
                )
            elif name == "wp:category":
                category = Item.read(element)
                db.execute(
                    "INSERT OR IGNORE INTO category VALUES (?, ?)",
                    [category.get("wp:category_nicename"), category.get("wp:category_description")],
                )
            elif name in ("wp:base_blog_url", "wp:base_site_url", "link"):
                channel[name] = (element.text or "").strip()
    except (ParseError, DefusedXmlException, NotWordPress):
        pass
    db.commit()
    base = channel.get("wp:base_blog_url") or channel.get("wp:base_site_url") or channel.get("link") or ""
    return base.rstrip("/")


def _is_attachment(element) -> bool:
    return any(
        tag_name(child.tag) == "wp:post_type" and (child.text or "").strip() == "attachment" for child in element
    )


def _index_attachment(db: sqlite3.Connection, item: Item) -> None:
    if not item.get("wp:post_id").isdigit():
        return
    db.execute(
        "INSERT OR REPLACE INTO attachment VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            int(item.get("wp:post_id")),
            unescape(item.get("title")).strip(),
            plain_text(item.get("excerpt:encoded")),
            item.get("wp:attachment_url"),
            item.meta.get("_wp_attached_file", "").strip(),
            item.meta.get("_wp_attachment_image_alt", "").strip(),
            php_credit(item.meta.get("_wp_attachment_metadata", "")),
            item.get("wp:post_date_gmt"),
            item.get("wp:post_date"),
        ],
    )


# Pass 2: records.


@dataclass
class _Reader:
    path: Path
    db: sqlite3.Connection
    base: str
    media_dir: Path | None

    def record(self, item: Item, number: int) -> ArticleRecord | PageRecord | ItemError | SkippedItem | None:
        post_id = item.get("wp:post_id")
        location = f"{self.path.name} item {number}" + (f" (post {post_id})" if post_id else "")
        try:
            if not post_id.isdigit():
                raise ImportProblem(f"wp:post_id {post_id!r} is not a number.")
            return self._record(item, post_id, location)
        except ImportProblem as problem:
            return ItemError(location, str(problem))

    def _record(self, item: Item, post_id: str, location: str) -> ArticleRecord | PageRecord | SkippedItem | None:
        post_type, status = item.get("wp:post_type"), item.get("wp:status")
        if post_type == "attachment":
            return None
        if post_type not in ("post", "page"):
            return SkippedItem(location, f"post type {post_type!r} is not imported")
        if status in NOT_IMPORTED_STATUSES:
            return SkippedItem(location, f"status {status!r} is not imported")
        title = unescape(item.get("title")).strip()
        if not title:
            raise ImportProblem("the post has no title: give it one in WordPress and export again.")
        body, warnings = render_content(item.get("content:encoded"))
        if post_type == "page":
            if status == "private":
                warnings.append("private page imported as unpublished")
            return PageRecord(
                location=location,
                import_ref=f"wordpress:{self.base}:page:{post_id}",
                title=title,
                slug=unquote(item.get("wp:post_name")),
                body=body,
                is_published=status == "publish",
                position=int(item.get("wp:menu_order")) if item.get("wp:menu_order").isdigit() else 0,
                warnings=warnings,
            )
        return self._article(item, post_id, location, title, body, warnings)

    def _article(
        self, item: Item, post_id: str, location: str, title: str, body: str, warnings: list[str]
    ) -> ArticleRecord:
        status = item.get("wp:status")
        mapped = STATUSES.get(status, Status.DRAFT)
        if status == "private":
            warnings.append("private post imported as a draft")
        elif status not in STATUSES:
            warnings.append(f"WordPress status {status!r} imported as a draft")
        if item.get("wp:post_password") and mapped == Status.PUBLISHED:
            mapped, status = Status.DRAFT, "draft"
            warnings.append("password-protected post imported as a draft (this site has no post passwords)")
        date = post_date(item.get("wp:post_date_gmt"), item.get("wp:post_date"))
        publish_at = date if status in ("publish", "future") else None
        if status in ("publish", "future") and date is None:
            raise ImportProblem("a published or scheduled post needs wp:post_date_gmt or wp:post_date; both are empty.")
        section, tags = self._taxonomies(item)
        return ArticleRecord(
            location=location,
            import_ref=f"wordpress:{self.base}:post:{post_id}",
            headline=title,
            section=section,
            slug=unquote(item.get("wp:post_name")),
            standfirst=plain_text(item.get("excerpt:encoded")),
            body=body,
            status=mapped,
            publish_at=publish_at,
            first_published_at=publish_at if status == "publish" else None,
            created_at=date,
            is_featured=item.get("wp:is_sticky") == "1",
            lead_image=(lead_image := self._image(item.meta.get("_thumbnail_id", "").strip(), warnings)),
            # A featured image this run cannot load is not a request to remove the one imported before.
            keep_lead_image=lead_image is None and bool(item.meta.get("_thumbnail_id", "").strip()),
            authors=self._authors(item.get("dc:creator"), warnings),
            tags=tags,
            warnings=warnings,
        )

    def _taxonomies(self, item: Item) -> tuple[SectionRecord, list[str]]:
        section = SectionRecord(key="")
        tags, seen = [], set()
        for domain, nicename, name in item.categories:
            name = unescape(name).strip()
            if domain == "category" and not section.key:
                slug = unquote(nicename)
                row = self.db.execute("SELECT description FROM category WHERE nicename = ?", [nicename]).fetchone()
                section = SectionRecord(
                    key=slug or name, name=name, slug=slug, description=row[0] if row else "", defined=False
                )
            elif domain in ("category", "post_tag") and name and name.casefold() not in seen:
                seen.add(name.casefold())
                tags.append(name)
        return section, tags

    def _authors(self, login: str, warnings: list[str]) -> list[AuthorRecord]:
        if not login:
            warnings.append("the post has no author (dc:creator is empty)")
            return []
        row = self.db.execute(
            "SELECT display_name, first_name, last_name FROM author WHERE login = ?", [login]
        ).fetchone()
        if row is None:
            raise ImportProblem(f"unknown author {login!r} (not among the file's wp:author entries).")
        display_name, first_name, last_name = (unescape(value or "").strip() for value in row)
        name = display_name or f"{first_name} {last_name}".strip() or login
        return [
            AuthorRecord(
                key=login,
                name=name,
                slug=readable_slug(name) or readable_slug(login),
                import_ref=f"wordpress:{self.base}:author:{login}",
                defined=True,
            )
        ]

    def _image(self, thumbnail_id: str, warnings: list[str]) -> ImageRecord | None:
        if not thumbnail_id:
            return None
        row = None
        if thumbnail_id.isdigit():
            row = self.db.execute(
                "SELECT title, caption, url, file, alt, credit, date_gmt, date_local FROM attachment WHERE id = ?",
                [int(thumbnail_id)],
            ).fetchone()
        if row is None:
            warnings.append(f"featured image (attachment {thumbnail_id}) is not in the file")
            return None
        if self.media_dir is None:
            warnings.append("featured image not imported: give --media-dir (the WordPress uploads folder)")
            return None
        title, caption, url, file, alt, credit, date_gmt, date_local = row
        file = file or url.partition("/wp-content/uploads/")[2]
        if not file:
            warnings.append(f"featured image (attachment {thumbnail_id}) names no file (_wp_attached_file)")
            return None
        try:
            image_path = inside(self.media_dir, file, "_wp_attached_file")
        except ImportProblem as problem:
            raise ImportProblem(f"featured image (attachment {thumbnail_id}): {problem}") from None
        try:
            created_at = post_date(date_gmt, date_local)
        except ImportProblem:
            created_at = None  # a bad date on the picture is not worth refusing the article for
        return ImageRecord(
            import_ref=f"wordpress:{self.base}:attachment:{thumbnail_id}",
            path=image_path,
            title=title or Path(file).stem,
            alt_text=alt,
            caption=caption,
            credit=credit,
            source_url=url,
            created_at=created_at,
        )


def post_date(gmt: str, local: str) -> datetime | None:
    """The GMT date; when WordPress left it unset (drafts), the local one in the site's TIME_ZONE."""
    if gmt and gmt != NO_DATE:
        return _parse_date(gmt, "wp:post_date_gmt").replace(tzinfo=UTC)
    if local and local != NO_DATE:
        return timezone.make_aware(_parse_date(local, "wp:post_date"), timezone.get_current_timezone())
    return None


def _parse_date(value: str, element: str) -> datetime:
    try:
        return datetime.strptime(value.strip(), DATE_FORMAT)
    except ValueError:
        raise ImportProblem(f"{element}: {value!r} is not a date (WordPress writes YYYY-MM-DD HH:MM:SS).") from None


_CREDIT = re.compile(rb's:6:"credit";s:(\d{1,6}):"')


def php_credit(serialized: str) -> str:
    """The image credit out of PHP-serialized `_wp_attachment_metadata`, without unserializing anything."""
    data = serialized.encode()
    match = _CREDIT.search(data)
    if match is None:
        return ""
    start, length = match.end(), int(match[1])
    if data[start + length : start + length + 2] != b'";':  # a length that does not fit: not what WordPress wrote
        return ""
    return data[start : start + length].decode("utf-8", errors="replace").strip()
