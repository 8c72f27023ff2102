"""The allow-list for article bodies: what the editor can produce, and nothing else.

Everything that reaches `Article.body` — the admin editor, imports, the shell —
passes through `sanitize_article_body` (static pages: `sanitize_html`), so the stored
HTML is safe to render with |safe.

Article bodies may hold figures, but only of pictures from the image library: the
editor's figure keeps the library image's id in `data-file`, and the article page
draws the picture from that image (renditions, credit, disclaimer, rights), never from
the stored `src`. An <img> without such an id is dropped.
"""

import re
from html import unescape as html_unescape

import nh3
from django.urls import reverse_lazy
from django.utils.html import format_html

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)

MAX_PICTURE_ID = 2**63 - 1  # the largest id the database holds (a BigAutoField)


def picture_id(value: str | None) -> int | None:
    """The library image id that `value` (a data-file attribute) names, or None: digits that fit an id."""
    if value and len(value) <= len(str(MAX_PICTURE_ID)) and value.isascii() and value.isdigit():
        number = int(value)
        return number if 0 < number <= MAX_PICTURE_ID else None
    return None


_article_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS | {"img", "figcaption"},
    attributes=ALLOWED_ATTRIBUTES | {"img": {"src", "alt", "data-file"}},
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    # A library image's id, or nothing: the <img> then goes below.
    attribute_filter=lambda tag, name, value: value if name != "data-file" or picture_id(value) is not None else None,
)

# After nh3, attribute values are always double-quoted with quotes escaped, so this reads every <img> exactly.
IMG_TAG = re.compile(r'<img(?:\s+[\w-]+(?:="[^"]*")?)*\s*/?>')
IMG_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')

# ProseMirror always leaves at least one empty paragraph in an empty document.
_EMPTY_DOCUMENTS = {"", "<p></p>", "<p><br></p>"}


def sanitize_html(html: str) -> str:
    cleaned = _cleaner.clean(html or "").strip()
    return "" if cleaned in _EMPTY_DOCUMENTS else cleaned


def sanitize_article_body(html: str) -> str:
    cleaned = _article_cleaner.clean(html or "").strip()
    cleaned = IMG_TAG.sub(lambda tag: tag[0] if "data-file" in img_attributes(tag[0]) else "", cleaned)
    return "" if cleaned in _EMPTY_DOCUMENTS else cleaned


def pictures_in(html: str) -> list[dict[str, str]]:
    """The attributes of every <img> in `html` that the allow-list keeps, library picture or not.

    `data-file` is there only when it is an id: sanitize_article_body() would drop the others."""
    return [img_attributes(tag) for tag in IMG_TAG.findall(_article_cleaner.clean(html or ""))]


def body_image_ids(html: str) -> list[int]:
    """The ids of the library pictures in a body, in order of appearance, once each."""
    ids = (picture_id(picture.get("data-file")) for picture in pictures_in(html))
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


def rewrite_pictures(html: str, picture) -> str:
    """Sanitized `html` with each library <img> replaced by `picture(image_id, attributes)`; None drops it."""

    def replace(tag):
        attributes = img_attributes(tag[0])
        return picture(int(attributes["data-file"]), attributes) or ""

    return IMG_TAG.sub(replace, html)


def picture_tag(image_id: int, alt: str = "", src: str = "") -> str:
    """A library picture as the editor keeps it; `src` only lets the editor show it."""
    if src:
        return format_html('<img src="{}" alt="{}" data-file="{}">', src, alt, image_id)
    return format_html('<img alt="{}" data-file="{}">', alt, image_id)


# A figure as the editor makes it, or (hand-written HTML; the editor always makes figures) an <img> alone.
BODY_FIGURE = re.compile(
    rf"<figure>\s*(?P<img>{IMG_TAG.pattern})\s*(?:<figcaption>(?P<caption>.*?)</figcaption>)?\s*</figure>"
    rf"|(?P<lone_img>{IMG_TAG.pattern})",
    re.S,
)


def body_figures_replaced(body: str, images: dict, figure) -> str:
    """`body` with each library picture replaced by figure(image, alt, caption HTML) in one pass; `images` maps ids
    to images. A picture whose image is not in `images` (deleted since, or left out) leaves nothing behind."""

    def replaced(match):
        attributes = img_attributes(match["img"] or match["lone_img"])
        # A body stored before ids were checked may hold any digits: they name no picture.
        image = images.get(picture_id(attributes.get("data-file")))
        return "" if image is None else figure(image, attributes.get("alt", ""), match["caption"] or "")

    return BODY_FIGURE.sub(replaced, body)


def img_attributes(tag: str) -> dict[str, str]:
    """The attributes of one sanitized <img> tag, unescaped."""
    return {name: html_unescape(value or "") for name, value in IMG_ATTRIBUTE.findall(tag[len("<img") :])}


# The editor offers exactly what the sanitizer keeps.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

# Article bodies add figures of library pictures: "Browse…" in the figure dialog opens the image picker.
ARTICLE_EDITOR_EXTENSIONS = EDITOR_EXTENSIONS | {
    "Figure": {"pickerUrl": reverse_lazy("admin:media_image_picker")},
    "Image": True,
    "Caption": True,
}
