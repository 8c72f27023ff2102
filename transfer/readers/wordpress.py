"""WordPress export files (WXR 1.0–1.2, as Tools → Export writes them), read as a stream.

The file is read twice: the first pass indexes what items refer to (authors, categories, attachments:
transfer/readers/wxr_index.py), the second yields the records. Each item is dropped from the tree as soon as
it is read (transfer/readers/wxr.py streams the XML), so memory stays flat however large the export.

Posts become articles and pages become pages; attachments are the pictures posts show, as featured image or
in the body (transfer/readers/wordpress_pictures.py); menus, revisions, reusable blocks and custom post types
are skipped.
"""

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError

from articles.models import Status
from common.slugs import readable_slug
from transfer.readers.figures import Placed, with_figures
from transfer.readers.shortcodes import plain_text, render_content
from transfer.readers.wordpress_pictures import Attachments, BodyPictures
from transfer.readers.wxr import WP_DECLARATION, Item, NotWordPress, channel_children, post_date
from transfer.readers.wxr_index import Index
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    ImportProblem,
    ItemError,
    ItemWarning,
    PageRecord,
    SectionRecord,
    SkippedItem,
)

STATUSES = {"publish": Status.PUBLISHED, "future": Status.PUBLISHED, "draft": Status.DRAFT, "pending": Status.IN_REVIEW}
NOT_IMPORTED_STATUSES = ("trash", "auto-draft")
UNCATEGORIZED = "uncategorized"  # WordPress's default category: a post in it was never given a section
HEADLINE_WORDS, HEADLINE_LENGTH = 10, 100  # a headline made for an untitled post


def looks_like_wordpress(head: bytes) -> bool:
    return b"<rss" in head and WP_DECLARATION.search(head) is not None


def read_wordpress(
    path: Path, *, media_dir: Path | None = None
) -> Iterator[ArticleRecord | PageRecord | ItemError | SkippedItem]:
    with tempfile.TemporaryDirectory(prefix="wxr-") as folder, closing(sqlite3.connect(Path(folder) / "wxr.db")) as db:
        index = Index(db)
        base = index.fill(path)
        reader = _Reader(path=path, index=index, base=base, attachments=Attachments(index, base, media_dir))
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


@dataclass
class _Reader:
    path: Path
    index: Index
    base: str
    attachments: Attachments

    def record(self, item: Item, number: int) -> ArticleRecord | PageRecord | ItemError | SkippedItem | None:
        post_id = item.get("wp:post_id")
        location = f"{self.path.name} item {number}" + (f" (post {post_id})" if post_id else "")
        try:
            return self._record(item, location)
        except ImportProblem as problem:
            return ItemError(location, str(problem))

    def _record(self, item: Item, location: str) -> ArticleRecord | PageRecord | SkippedItem | None:
        post_type, status = item.get("wp:post_type"), item.get("wp:status")
        if post_type == "attachment":
            return None
        if post_type not in ("post", "page"):
            return SkippedItem(location, f"post type {post_type!r} is not imported")
        if status in NOT_IMPORTED_STATUSES:
            return SkippedItem(location, f"status {status!r} is not imported")
        warnings: list[str] = []
        import_ref = self._import_ref(item, post_type, warnings)
        content = item.get("content:encoded")
        attached = self.index.attached_to(item.get("wp:post_id")) if "[gallery" in content else []
        html, content_warnings = render_content(content, attached=attached)
        warnings += content_warnings
        title = unescape(item.get("title")).strip()
        slug = unquote(item.get("wp:post_name"))
        if not title:
            title = _made_headline(item, html, post_type, warnings)
            # WordPress names an untitled post by its ID: the headline makes a better address.
            slug = "" if slug == item.get("wp:post_id") else slug
        shared = {
            "location": location,
            "import_ref": import_ref,
            "slug": slug,
            "old_addresses": self._old_addresses(item),
            "warnings": warnings,
        }
        if post_type == "page":
            if status == "private":
                warnings.append("private page imported as unpublished")
            return PageRecord(
                **shared,
                title=title,
                body=with_figures(html, _no_pictures(warnings)),
                is_published=status == "publish",
                position=int(item.get("wp:menu_order")) if item.get("wp:menu_order").isdigit() else 0,
            )
        return self._article(item, shared, title, html)

    def _import_ref(self, item: Item, post_type: str, warnings: list[str]) -> str:
        post_id = item.get("wp:post_id")
        if post_id.isdigit():
            return f"wordpress:{self.base}:{post_type}:{post_id}"
        if post_id:
            raise ImportProblem(f"wp:post_id {post_id!r} is not a number.")
        if not item.get("guid"):
            raise ImportProblem("the item has neither wp:post_id nor guid: nothing identifies it for a later import.")
        warnings.append(
            ItemWarning(
                "identified by its guid (no wp:post_id)", f"no wp:post_id: identified by its guid {item.get('guid')}"
            )
        )
        return f"wordpress:{self.base}:guid:{item.get('guid')}"

    def _article(self, item: Item, shared: dict, headline: str, html: str) -> ArticleRecord:
        warnings = shared["warnings"]
        pictures = BodyPictures(self.attachments, warnings)
        body = with_figures(html, pictures.place)
        status = item.get("wp:status")
        mapped = STATUSES.get(status, Status.DRAFT)
        if status == "private":
            warnings.append("private post imported as a draft")
        elif status not in STATUSES:
            warnings.append(
                ItemWarning(
                    "unknown WordPress status imported as a draft", f"WordPress status {status!r} imported as a draft"
                )
            )
        if item.get("wp:post_password") and mapped == Status.PUBLISHED:
            mapped, status = Status.DRAFT, "draft"
            warnings.append("password-protected post imported as a draft (this site has no post passwords)")
        date = post_date(item.get("wp:post_date_gmt"), item.get("wp:post_date"))
        publish_at = date if status in ("publish", "future") else None
        if status in ("publish", "future") and date is None:
            raise ImportProblem("a published or scheduled post needs wp:post_date_gmt or wp:post_date; both are empty.")
        section, tags = self._taxonomies(item)
        thumbnail_id = item.first("_thumbnail_id")
        return ArticleRecord(
            **shared,
            headline=headline,
            section=section,
            standfirst=plain_text(item.get("excerpt:encoded")),
            body=body,
            status=mapped,
            publish_at=publish_at,
            first_published_at=publish_at if status == "publish" else None,
            created_at=date,
            is_featured=item.get("wp:is_sticky") == "1",
            lead_image=(lead_image := self.attachments.featured(thumbnail_id, warnings)),
            # A featured image this run cannot load is not a request to remove the one imported before.
            keep_lead_image=lead_image is None and bool(thumbnail_id),
            body_images=pictures.images,
            authors=self._authors(item.get("dc:creator"), warnings),
            tags=tags,
        )

    def _taxonomies(self, item: Item) -> tuple[SectionRecord, list[str]]:
        section = catch_all = None
        tags, seen = [], set()
        for domain, nicename, name in item.categories:
            name = unescape(name).strip()
            if domain == "category" and nicename == UNCATEGORIZED:
                catch_all = catch_all or self._section(nicename, name, catch_all=True)
            elif domain == "category" and section is None:
                section = self._section(nicename, name)
            elif domain in ("category", "post_tag") and name and name.casefold() not in seen:
                seen.add(name.casefold())
                tags.append(name)
        return section or catch_all or SectionRecord(key=""), tags

    def _section(self, nicename: str, name: str, *, catch_all: bool = False) -> SectionRecord:
        slug = unquote(nicename)
        description = self.index.category_description(nicename)
        return SectionRecord(key=slug or name, name=name, slug=slug, description=description, catch_all=catch_all)

    def _authors(self, login: str, warnings: list[str]) -> list[AuthorRecord]:
        if not login:
            warnings.append("the post has no author (dc:creator is empty)")
            return []
        row = self.index.author(login)
        if row is None:
            # WXR 1.0 files, and authors deleted since, leave only the login in dc:creator.
            warnings.append(
                ItemWarning(
                    "author known only by login (dc:creator)",
                    f"the author {login!r} is not among the file's wp:author entries: imported with the login as "
                    "name; give them their name in the admin.",
                )
            )
            row = ("", "", "")
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

    def _old_addresses(self, item: Item) -> list[str]:
        """Where readers found a public item on the old site: its link, its ?p= address, and its earlier slugs'."""
        if item.get("wp:status") != "publish":
            return []
        link, post_id = item.get("link"), item.get("wp:post_id")
        addresses = [link]
        if post_id.isdigit():
            addresses.append(f"{self.base}/?{'page_id' if item.get('wp:post_type') == 'page' else 'p'}={post_id}")
        addresses += [_with_slug(link, item.get("wp:post_name"), old) for old in item.meta.get("_wp_old_slug", [])]
        return [address for address in dict.fromkeys(addresses) if address]


def _with_slug(link: str, slug: str, old_slug: str) -> str:
    """`link` with the post's slug in its path replaced by `old_slug`; empty when the path holds no slug
    (plain permalinks, ?p=123)."""
    parts = urlsplit(link)
    segments = parts.path.split("/")
    found = [number for number, segment in enumerate(segments) if segment and unquote(segment) == unquote(slug)]
    if not (found and slug and old_slug.strip()):
        return ""
    segments[found[-1]] = old_slug.strip()
    return urlunsplit(parts._replace(path="/".join(segments)))


def _made_headline(item: Item, html: str, post_type: str, warnings: list[str]) -> str:
    """A headline for an untitled post: about its first ten words, from its excerpt or else its text."""
    for source, text in (("excerpt", plain_text(item.get("excerpt:encoded"))), ("first words", plain_text(html))):
        words = text.split()
        if not words:
            continue
        kept = []
        for word in words[:HEADLINE_WORDS]:
            if kept and len(" ".join([*kept, word])) > HEADLINE_LENGTH:
                break
            kept.append(word)
        headline = " ".join(kept)
        if len(kept) < len(words) or len(headline) > HEADLINE_LENGTH:
            headline = headline[:HEADLINE_LENGTH] + "…"
        warnings.append(
            ItemWarning(
                "untitled, given a headline from its text",
                f"the {post_type} has no title: it was given “{headline}”, from its {source}; edit it in the admin.",
            )
        )
        return headline
    raise ImportProblem(
        f"the {post_type} has no title, excerpt or text: give it a title in WordPress and export again."
    )


def _no_pictures(warnings: list[str]):
    """`place` for a static page, which carries no pictures."""

    def place(img: dict[str, str], figure_id: str) -> Placed | None:
        warnings.append(
            ItemWarning(
                "picture left out of a page",
                f"picture {img.get('src') or '(no address)'} left out: static pages carry no pictures",
            )
        )
        return None

    return place
