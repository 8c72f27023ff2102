"""The allow-list for article bodies: what the editor can produce, and nothing else.

Everything that reaches `Article.body` — the admin editor, imports, the shell —
passes through `sanitize_html`, so the stored HTML is safe to render with |safe.
"""

import nh3

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

# ProseMirror always leaves at least one empty paragraph in an empty document.
_EMPTY_DOCUMENTS = {"", "<p></p>", "<p><br></p>"}


def sanitize_html(html: str) -> str:
    cleaned = _cleaner.clean(html or "").strip()
    return "" if cleaned in _EMPTY_DOCUMENTS else cleaned


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
