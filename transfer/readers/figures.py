"""A WordPress post's pictures and players, made what an article body holds.

A body shows pictures of the image library only, each in a figure of its own
(<figure><img data-file="N" alt="…"><figcaption>…</figcaption></figure>), and no players. WordPress writes a
picture as an <img> alone, in a [caption]'s figure, in a block-editor figure, or with others in a gallery; and
audio, video and embeds as players. `with_figures` reads the HTML into a tree, asks `place` which library
picture each <img> is (None leaves it out), makes each picture a figure and each player a paragraph linking
to its media, and lifts these out of the paragraphs and links that cannot hold them.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from articles.html import picture_tag
from transfer.readers.shortcodes import media_link


@dataclass
class Placed:
    """A picture of the body: its number among the record's body_images, and its caption (HTML) unless the post
    gives one."""

    number: int
    caption: str = ""


# place(the <img>'s attributes, the id of the figure holding it) → the picture, or None to leave it out.
Place = Callable[[dict[str, str], str], Placed | None]

_NEEDS_A_LOOK = re.compile(r"<(?:img|iframe|video|audio|embed|object|figure)\b", re.IGNORECASE)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# Elements that cannot hold a figure (paragraphs, headings, links, inline text): they are split around one.
_SPLIT_AROUND_BLOCKS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a", "abbr", "b", "big", "cite", "code", "del", "em",
        "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
        "sup", "time", "tt", "u", "var",
    }
)  # fmt: skip
# Start tags that end an open paragraph, as browsers read HTML.
_END_PARAGRAPH = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
        "section", "table", "ul",
    }
)  # fmt: skip
_PLAYERS = {"iframe": "src", "video": "src", "audio": "src", "source": "src", "embed": "src", "object": "data"}
_PLAYER_FIGURES = {"wp-block-embed", "wp-block-video", "wp-block-audio"}
_EMOJI = {"wp-smiley", "emoji"}  # WordPress's pictures of emoji: their alt text is the emoji
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|pre|table)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_URL = re.compile(r"(?:https?:)?//[^\s<>\"']+")
MAX_DEPTH = 100  # deeper elements are kept flat: no post nests this deep, and recursion stays bounded


def with_figures(html: str, place: Place) -> str:
    """`html` with its pictures made figures of library pictures (or left out) and its players links."""
    if not _NEEDS_A_LOOK.search(html):
        return html
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return "".join(_Rewriter(place).children(tree.root))


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str]
    start: str  # the start tag as written
    children: list = field(default_factory=list)  # _Element, or HTML text

    def inner_html(self) -> str:
        return "".join(child.html() if isinstance(child, _Element) else child for child in self.children)

    def html(self, inner: str | None = None) -> str:
        inner = self.inner_html() if inner is None else inner
        return self.start + inner + ("" if self.tag in _VOID else f"</{self.tag}>")

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def descendants(self) -> Iterator["_Element"]:
        for child in self.children:
            if isinstance(child, _Element):
                yield child
                yield from child.descendants()


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("", {}, "")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closed=tag in _VOID)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closed=True)

    def _start(self, tag, attrs, text, *, closed):
        if tag in _END_PARAGRAPH and self.open[-1].tag == "p":
            self.open.pop()
        element = _Element(tag, {name: value or "" for name, value in attrs}, text)
        self.open[-1].children.append(element)
        if not closed and len(self.open) < MAX_DEPTH:
            self.open.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(escape(data, quote=False))

    def handle_comment(self, data):
        self.open[-1].children.append(f"<!--{data}-->")


class _Block(str):
    """HTML that stands as a block of its own (a figure, a paragraph): never inside a paragraph."""


@dataclass
class _Rewriter:
    place: Place

    def children(self, element: _Element) -> list[str]:
        parts = []
        for child in element.children:
            parts.extend(self.element(child) if isinstance(child, _Element) else [child])
        return parts

    def element(self, element: _Element) -> list[str]:
        if element.tag == "img":
            if element.classes() & _EMOJI:
                return [escape(element.attrs.get("alt", ""), quote=False)]
            return self.pictures([element], "", "")
        if element.tag in _PLAYERS:
            return self.player(element)
        if element.tag == "figure" and (made := self.figure(element)) is not None:
            return made
        parts = self.children(element)
        if not any(isinstance(part, _Block) for part in parts):
            return [element.html("".join(parts))]
        if element.tag in _SPLIT_AROUND_BLOCKS:
            return _split(element, parts)
        return [_Block(element.html("".join(parts)))]

    def figure(self, figure: _Element) -> list[str] | None:
        """The figure's pictures, each a figure of its own, or its player's link; None when it shows neither."""
        if figure.classes() & _PLAYER_FIGURES:
            return self.player(figure)
        holders = _pictures_by_figure(figure)
        if not holders:
            return self.player(figure) if any(e.tag in _PLAYERS for e in figure.descendants()) else None
        made = []
        for holder, images in holders.items():
            caption = _caption(holder)
            if len(images) == 1:
                made += self.pictures(images, caption, holder.attrs.get("id", ""))
            else:  # one caption for several pictures: after them
                made += self.pictures(images, "", "")
                if caption:
                    made.append(_Block(f"<p>{caption}</p>"))
        if figure not in holders and (caption := _caption(figure)):  # a gallery's own caption
            made.append(_Block(f"<p>{caption}</p>"))
        return made

    def pictures(self, images: list[_Element], caption: str, figure_id: str) -> list[str]:
        made = []
        for image in images:
            placed = self.place(image.attrs, figure_id)
            if placed is not None:
                text = caption or placed.caption
                figcaption = f"<figcaption>{text}</figcaption>" if text else ""
                made.append(
                    _Block(f"<figure>{picture_tag(placed.number, image.attrs.get('alt', ''))}{figcaption}</figure>")
                )
        return made

    def player(self, element: _Element) -> list[str]:
        url = _media_url(element)
        caption = _caption(element) if element.tag == "figure" else ""
        return [_Block(media_link(url, caption))] if url else []


def _split(element: _Element, parts: list[str]) -> list[str]:
    """`element` (a paragraph, a link) around the blocks among its parts; pieces left with no text go."""
    made, run = [], []
    for part in [*parts, None]:
        if part is None or isinstance(part, _Block):
            inner = "".join(run).strip()
            if _ANY_TAG.sub("", inner).replace("\xa0", " ").strip():
                made.append(element.html(inner))
            run = []
            made += [part] if part is not None else []
        else:
            run.append(part)
    return made


def _pictures_by_figure(figure: _Element) -> dict[_Element, list[_Element]]:
    """The pictures in `figure`, grouped by the figure nearest each (a gallery holds a figure per picture)."""
    holders: dict[_Element, list[_Element]] = {}

    def walk(element: _Element, holder: _Element) -> None:
        for child in element.children:
            if isinstance(child, _Element):
                if child.tag == "img" and not child.classes() & _EMOJI:
                    holders.setdefault(holder, []).append(child)
                walk(child, child if child.tag == "figure" else holder)

    walk(figure, figure)
    return holders


def _caption(figure: _Element) -> str:
    """The figure's own figcaption (not a nested figure's), as inline HTML: a body figure's caption is a line."""
    stack = list(reversed(figure.children))
    while stack:
        child = stack.pop()
        if not isinstance(child, _Element) or child.tag == "figure":
            continue
        if child.tag == "figcaption":
            return " ".join(_BLOCK_TAG.sub(" ", child.inner_html()).split())
        stack.extend(reversed(child.children))
    return ""


def _media_url(element: _Element) -> str:
    """The address of what a player plays: its source's, or a link's, or an address in its text."""
    for candidate in (element, *element.descendants()):
        attribute = "href" if candidate.tag == "a" else _PLAYERS.get(candidate.tag)
        if attribute and (url := candidate.attrs.get(attribute, "").strip()):
            return url
    text = _ANY_TAG.sub(" ", element.html())
    return match[0] if (match := _URL.search(text)) else ""
