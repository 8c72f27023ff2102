"""The first pass over a WordPress export: what its items refer to, by key, in a SQLite database on disk.

WordPress orders an export by ID, so an attachment a post shows may come after the post. The channel's
authors and categories and every attachment are put in the database first; the second pass looks them up.
An attachment is found by its ID, or by the address of its file (an <img> of the classic editor often names
no attachment, only a resized copy of its file).
"""

import re
import sqlite3
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError

from transfer.readers.shortcodes import plain_text
from transfer.readers.wxr import Item, NotWordPress, channel_children, tag_name

_SCHEMA = """
CREATE TABLE author (login TEXT PRIMARY KEY, display_name TEXT, first_name TEXT, last_name TEXT);
CREATE TABLE category (nicename TEXT PRIMARY KEY, description TEXT);
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY, parent INTEGER, position INTEGER, title TEXT, caption TEXT, url TEXT, file TEXT,
    alt TEXT, credit TEXT, date_gmt TEXT, date_local TEXT
);
CREATE INDEX attachment_parent ON attachment (parent, position, id);
CREATE TABLE upload (path TEXT PRIMARY KEY, attachment INTEGER);
"""
# Where an upload's address puts its file in the uploads folder: WordPress, then WordPress.com (and old multisite).
_UPLOAD_FOLDERS = ("/wp-content/uploads/", "/files/")
# What a [gallery] shows of a post's attachments: pictures (an export gives no MIME type, only the file's name).
_PICTURE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|heic|bmp|tiff?)$", re.IGNORECASE)
# WordPress's names for copies of an upload: resized ("photo-300x200.jpg") and, since 5.3, scaled down when large.
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
_SCALED = re.compile(r"-(?:scaled|rotated)(?=\.\w+$)")


@dataclass(frozen=True)
class Attachment:
    id: int
    title: str
    caption: str
    url: str
    file: str  # _wp_attached_file: its path in the uploads folder; empty in WordPress.com exports
    alt: str
    credit: str
    date_gmt: str
    date_local: str


def upload_path(url: str) -> str:
    """The path of an upload's file in the uploads folder, from its address: "2008/06/photo.jpg"."""
    path = unquote(urlsplit(url.strip()).path)
    for folder in _UPLOAD_FOLDERS:
        if folder in path:
            return path.partition(folder)[2]
    return path.lstrip("/")


class Index:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def fill(self, path: Path) -> str:
        """Reads the export once; returns the site's base address. Errors are left for the second pass to report."""
        self.db.executescript(_SCHEMA)
        channel = {}
        try:
            for name, element in channel_children(path):
                if name == "item" and _is_attachment(element):
                    self._add_attachment(Item.read(element))
                elif name == "wp:author":
                    author = Item.read(element)
                    self.db.execute(
                        "INSERT OR IGNORE INTO author VALUES (?, ?, ?, ?)",
                        [
                            author.get(f"wp:author_{key}")
                            for key in ("login", "display_name", "first_name", "last_name")
                        ],
                    )
                elif name == "wp:category":
                    category = Item.read(element)
                    self.db.execute(
                        "INSERT OR IGNORE INTO category VALUES (?, ?)",
                        [category.get("wp:category_nicename"), category.get("wp:category_description")],
                    )
                elif name in ("wp:base_blog_url", "wp:base_site_url", "link"):
                    channel[name] = (element.text or "").strip()
        except (ParseError, DefusedXmlException, NotWordPress):
            pass
        self.db.commit()
        base = channel.get("wp:base_blog_url") or channel.get("wp:base_site_url") or channel.get("link") or ""
        return base.rstrip("/")

    def _add_attachment(self, item: Item) -> None:
        if not item.get("wp:post_id").isdigit():
            return
        attachment_id = int(item.get("wp:post_id"))
        url, file = item.get("wp:attachment_url"), item.first("_wp_attached_file")
        self.db.execute(
            "INSERT OR REPLACE INTO attachment VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                attachment_id,
                int(item.get("wp:post_parent")) if item.get("wp:post_parent").isdigit() else 0,
                int(item.get("wp:menu_order")) if item.get("wp:menu_order").isdigit() else 0,
                unescape(item.get("title")).strip(),
                plain_text(item.get("excerpt:encoded")),
                url,
                file,
                item.first("_wp_attachment_image_alt"),
                php_credit(item.first("_wp_attachment_metadata")),
                item.get("wp:post_date_gmt"),
                item.get("wp:post_date"),
            ],
        )
        names = [name for name in (file, upload_path(url) if url else "") if name]
        self.db.executemany(
            "INSERT OR IGNORE INTO upload VALUES (?, ?)",
            [(key, attachment_id) for name in names for key in {name, _SCALED.sub("", name)}],
        )

    def author(self, login: str) -> tuple[str, str, str] | None:
        """(display name, first name, last name) of an author the channel lists."""
        return self.db.execute(
            "SELECT display_name, first_name, last_name FROM author WHERE login = ?", [login]
        ).fetchone()

    def category_description(self, nicename: str) -> str:
        row = self.db.execute("SELECT description FROM category WHERE nicename = ?", [nicename]).fetchone()
        return (row[0] or "") if row else ""

    def attachment(self, attachment_id: str | int) -> Attachment | None:
        if isinstance(attachment_id, str) and not attachment_id.isdigit():
            return None
        row = self.db.execute(
            "SELECT id, title, caption, url, file, alt, credit, date_gmt, date_local FROM attachment WHERE id = ?",
            [int(attachment_id)],
        ).fetchone()
        return Attachment(*row) if row else None

    def attachment_at(self, url: str) -> Attachment | None:
        """The attachment whose file `url` shows, itself or a resized copy of it; None for a picture from elsewhere."""
        path = upload_path(url)
        for key in dict.fromkeys((path, _RESIZED.sub("", path))):
            row = self.db.execute("SELECT attachment FROM upload WHERE path = ?", [key]).fetchone()
            if row:
                return self.attachment(row[0])
        return None

    def attached_to(self, post_id: str) -> list[int]:
        """The attachments uploaded to a post, in the order its [gallery] without ids shows them."""
        if not post_id.isdigit():
            return []
        rows = self.db.execute(
            "SELECT id, file, url FROM attachment WHERE parent = ? ORDER BY position, id", [int(post_id)]
        )
        return [attachment_id for attachment_id, file, url in rows if _PICTURE_FILE.search(file or upload_path(url))]


def _is_attachment(element) -> bool:
    return any(
        tag_name(child.tag) == "wp:post_type" and (child.text or "").strip() == "attachment" for child in element
    )


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
