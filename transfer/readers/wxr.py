"""Streaming a WordPress export's XML (WXR 1.0–1.2): the children of its <channel> one at a time, each
dropped from the tree once read, an item's fields copied out of it, and its dates read. A DTD, entity or
external reference is refused (defusedxml), as a WordPress export never has one."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from defusedxml.ElementTree import iterparse
from django.utils import timezone

from transfer.records import ImportProblem

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
PREFIXES = {"http://purl.org/rss/1.0/modules/content/": "content", "http://purl.org/dc/elements/1.1/": "dc"}
WP_DECLARATION = re.compile(rb"""xmlns:wp=["']https?://wordpress\.org/export/1\.\d+/["']""")


class NotWordPress(Exception):
    pass


def channel_children(path: Path) -> Iterator[tuple[str, object]]:
    """Each child of the <channel> ("item", "wp:author", …) once complete; it is dropped from the tree after."""
    depth = 0
    wp_declared = False
    channel = container = None
    with path.open("rb") as source:
        events = iterparse(
            source, events=("start-ns", "start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        for event, element in events:
            if event == "start-ns":
                wp_declared = wp_declared or bool(WP_NAMESPACE.match(element[1]))
            elif event == "start":
                depth += 1
                if depth == 1 and (element.tag != "rss" or not wp_declared):
                    raise NotWordPress(
                        f"not a WordPress export: the file is <{element.tag.rpartition('}')[2]}> without the WordPress "
                        'export namespace (a WXR file is <rss xmlns:wp="http://wordpress.org/export/1.2/">).'
                    )
                if depth == 2:
                    container = element
                    if element.tag == "channel":
                        channel = element
            else:
                if depth == 3 and channel is not None and container is channel:
                    yield tag_name(element.tag), element
                    element.clear()
                    channel.remove(element)
                depth -= 1
    if channel is None:
        raise NotWordPress("not a WordPress export: the <rss> has no <channel>.")


@lru_cache(maxsize=512)
def tag_name(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' → 'wp:post_id', whichever WXR version wrote it."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if WP_NAMESPACE.match(uri):
        return f"wp:{local}"
    if EXCERPT_NAMESPACE.match(uri):
        return f"excerpt:{local}"
    return f"{PREFIXES.get(uri, uri)}:{local}"


HTML_FIELDS = {"content:encoded", "excerpt:encoded"}  # kept as written; other fields are stripped


@dataclass
class Item:
    """The parts of an <item> (or <wp:author>, <wp:category>) the reader uses, copied out of the tree."""

    fields: dict[str, str] = field(default_factory=dict)
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, list[str]] = field(default_factory=dict)  # a key may repeat (_wp_old_slug): every value, in order

    @classmethod
    def read(cls, element) -> "Item":
        item = cls()
        for child in element:
            name = tag_name(child.tag)
            if name == "category":
                item.categories.append((child.get("domain", ""), child.get("nicename", ""), child.text or ""))
            elif name == "wp:postmeta":
                parts = {tag_name(part.tag): part.text or "" for part in child}
                item.meta.setdefault(parts.get("wp:meta_key", ""), []).append(parts.get("wp:meta_value", ""))
            elif name != "wp:comment":
                item.fields[name] = (child.text or "").strip() if name not in HTML_FIELDS else child.text or ""
        return item

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    def first(self, meta_key: str) -> str:
        """The first value of a post meta key, stripped: what WordPress's get_post_meta($id, $key, true) gives."""
        values = self.meta.get(meta_key)
        return values[0].strip() if values else ""


DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
NO_DATE = "0000-00-00 00:00:00"  # WordPress's "not set", e.g. the GMT date of a draft


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
