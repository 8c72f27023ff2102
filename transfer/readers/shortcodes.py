"""What WordPress does to a post's content before showing it, done once at import.

WordPress stores shortcodes (`[caption]…[/caption]`), oEmbed links (a URL alone on a
line) and, for classic-editor posts, text without paragraph tags, and turns them into
HTML on every page view. An imported body must stand on its own, so `render_content`
runs the same steps in WordPress's order (the `the_content` filter): oEmbeds, then
`autop` (a port of `wpautop()`, wp-includes/formatting.php) unless the block editor
wrote the paragraphs, then `convert_shortcodes`. Players become links to their media; a
gallery becomes a figure per picture, each naming its attachment as the block editor does
(class="wp-image-N"), for transfer/readers/figures.py to make library pictures of.
`plain_text` is for excerpts and captions.
"""

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

from transfer.records import ItemWarning

# Deeper than this, an enclosing shortcode is left as it is (and recursion stays bounded).
MAX_NESTING = 20
# WordPress's own media: kept as figures or links, or removed with a warning when they name nothing to keep.
MEDIA_SHORTCODES = ("gallery", "audio", "video", "playlist")
# Where [audio] and [video] take their file from: src, else one attribute per format (WordPress's own list).
_MEDIA_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv")

_TAG = re.compile(
    r"\[(?P<closing>/)?(?P<name>[A-Za-z_][\w-]*)"
    # A slash is allowed inside, not before the closing bracket. Possessive (*+): on "[a " and a million
    # spaces, giving them back one by one to the self-closing part would take quadratic time.
    r"(?P<attrs>\s(?:[^\[\]/]|/(?!\]))*+)?"
    r"(?P<selfclosing>\s*/)?\]"
)
_CLOSING_TAG = re.compile(r"\[/(?P<name>[A-Za-z_][\w-]*)\]")
# Only from the start of a name, which is never given back: linear on a long run of letters with no "=".
_ATTR = re.compile(r"""(?<![\w-])([\w-]++)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))""")
_CAPTIONED_IMAGE = re.compile(r"^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL)
_OWN_LINE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_ATTACHMENT_ID = re.compile(r"attachment_\d+")
_IDS = re.compile(r"\d+")
_OPEN_P = re.compile(r"<p>\s*$")
_CLOSE_P = re.compile(r"\s*(?:<br\s*/?>\s*)?</p>")
_LEADING_BREAKS = re.compile(r"(?:\s|<br\s*/?>)+")
_TRAILING_BREAKS_REVERSED = re.compile(r"(?:\s|>/?\s*rb<)+")  # matched on the reversed text, from its start


def render_content(content: str, *, attached: Sequence[int] = ()) -> tuple[str, list[str]]:
    """A post's content:encoded as WordPress shows it, and warnings for what was lost. `attached`: the ids of the
    pictures uploaded to the post, which a [gallery] naming none shows."""
    html = autoembed(content or "")
    if "<!-- wp:" not in html:  # the block editor writes its paragraphs; the classic one leaves them to autop
        html = autop(html)
    html, warnings = convert_shortcodes(html, attached=attached)
    return html.strip(), warnings


def autoembed(html: str) -> str:
    """A URL alone on its line, which WordPress would embed, as a link."""
    return _OWN_LINE_URL.sub(lambda m: media_link(unescape(m[1])), html)


def media_link(url: str, text: str = "") -> str:
    """A paragraph linking to `url` (text, not HTML), which a player or an embed showed; `text` is HTML."""
    url = escape(f"https:{url}" if url.startswith("//") else url)
    return f'<p><a href="{url}">{text or url}</a></p>'


@dataclass
class _Context:
    attached: Sequence[int]
    removed: list[str] = field(default_factory=list)


def convert_shortcodes(html: str, *, attached: Sequence[int] = ()) -> tuple[str, list[str]]:
    """The HTML with its shortcodes expanded or removed, and warnings for what was lost."""
    context = _Context(attached)
    html = _expand(autoembed(html or ""), context)
    warnings = []
    removed = list(dict.fromkeys(context.removed))  # each once, in the order met
    media = [name for name in removed if name in MEDIA_SHORTCODES]
    if media:
        names = ", ".join(f"[{name}]" for name in media)
        warnings.append(
            ItemWarning("media shortcode removed", f"{names} removed (no picture or media file the import could keep)")
        )
    others = [name for name in removed if name not in MEDIA_SHORTCODES]
    if others:
        warnings.append(
            ItemWarning(
                "plugin shortcodes removed",
                f"shortcodes removed (they need a WordPress plugin): {', '.join(f'[{n}]' for n in others)}",
            )
        )
    return html, warnings


class _Closings:
    """Where every closing tag ([/name]) is, found in one pass: each shortcode looks its own up by bisection.

    Searching the rest of the text for each opening tag would take quadratic time on a text of many
    shortcodes that are never closed.
    """

    def __init__(self, text: str):
        self.positions: dict[str, list[int]] = {}
        for match in _CLOSING_TAG.finditer(text):
            self.positions.setdefault(match["name"], []).append(match.start())

    def find(self, name: str, start: int, end: int) -> int:
        """The first `[/name]` from `start` that ends by `end`, or -1."""
        positions = self.positions.get(name, [])
        index = bisect_left(positions, start)
        if index < len(positions) and positions[index] + len(name) + 3 <= end:
            return positions[index]
        return -1


def _expand(text: str, context: _Context, closings: _Closings | None = None, start=0, end=None, depth=0) -> str:
    """The shortcodes in text[start:end] expanded (the whole text by default)."""
    closings = closings or _Closings(text)
    end = len(text) if end is None else end
    out = []
    position = start
    while match := _TAG.search(text, position, end):
        out.append(text[position : match.start()])
        name = match["name"]
        if match["closing"]:  # left over when page builders nest a shortcode in itself
            position = match.end()
            continue
        close = -1 if match["selfclosing"] else closings.find(name, match.end(), end)
        after_tag = close + len(name) + 3 if close >= 0 else match.end()
        attrs = _attributes(match["attrs"] or "")
        if close < 0 and not attrs and not match["selfclosing"] and name not in MEDIA_SHORTCODES:
            # "[sic]", "[the minister] said": text in brackets, not a shortcode; "[gallery]" is WordPress's own.
            out.append(match[0])
            position = match.end()
            continue
        if match.start() > start and text[match.start() - 1] == "[" and after_tag < end and text[after_tag] == "]":
            # [[name …]] is how WordPress writes a shortcode as text.
            out[-1] = out[-1][:-1]
            out.append(text[match.start() : after_tag])
            position = after_tag + 1
            continue
        if close >= 0 and depth >= MAX_NESTING:
            replacement = text[match.start() : after_tag]  # no page nests shortcodes this deep: left as it is
        else:
            inner = (closings, match.end(), close, depth + 1) if close >= 0 else None
            replacement = _replacement(name, attrs, text, inner, context)
        if (
            _is_block(replacement)
            and (before := _OPEN_P.search(out[-1]))
            and (paragraph_end := _CLOSE_P.match(text, after_tag, end))
        ):
            # A shortcode alone in a paragraph that autop made: the paragraph goes (WordPress's shortcode_unautop).
            out[-1] = out[-1][: before.start()]
            after_tag = paragraph_end.end()
        out.append(replacement)
        position = after_tag
    out.append(text[position:end])
    return "".join(out)


def _replacement(name: str, attrs: dict[str, str], text: str, inner, context: _Context) -> str:
    """What replaces a shortcode; `inner` locates its content in `text`, None when it encloses nothing."""
    if name in ("caption", "wp_caption"):
        return _figure(attrs, _expand(text, context, *inner) if inner else "")
    if name == "embed":
        url = unescape(text[inner[1] : inner[2]].strip()) if inner else ""
        return media_link(url) if url else ""
    if name == "gallery" and (gallery := _gallery(attrs, context.attached)):
        return gallery
    if name in ("audio", "video") and (url := next((attrs[key] for key in _MEDIA_SOURCES if attrs.get(key)), "")):
        return media_link(unescape(url))
    if name in MEDIA_SHORTCODES or not inner:
        context.removed.append(name)
        return ""
    return _expand(text, context, *inner)


def _gallery(attrs: dict[str, str], attached: Sequence[int]) -> str:
    """A figure per picture, in the gallery's order: those it names, else those uploaded to the post."""
    ids = [int(number) for number in _IDS.findall(attrs.get("ids") or attrs.get("include") or "")]
    excluded = {int(number) for number in _IDS.findall(attrs.get("exclude", ""))}
    return "".join(
        f'<figure><img class="wp-image-{number}" alt=""></figure>'
        for number in ids or attached
        if number not in excluded
    )


def _is_block(html: str) -> bool:
    return not html.strip() or re.match(rf"\s*<{_BLOCKS}[\s/>]", html) is not None


def _figure(attrs: dict[str, str], content: str) -> str:
    caption = escape(unescape(attrs["caption"])) if "caption" in attrs else ""
    if "caption" not in attrs and (match := _CAPTIONED_IMAGE.match(content)):
        content, caption = match[1], match[2]
    content, caption = _without_breaks(content), _without_breaks(caption)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    # As WordPress shows it: the figure's id names the attachment, which the <img> may not.
    figure_id = attrs.get("id", "")
    opening = f'<figure id="{figure_id}">' if _ATTACHMENT_ID.fullmatch(figure_id) else "<figure>"
    return f"{opening}{content}{figcaption}</figure>"


def _without_breaks(html: str) -> str:
    """`html` without the spaces and <br>s around it.

    Anchored at each end: a pattern ending in "$" would be tried from every space and take quadratic time.
    """
    start = match.end() if (match := _LEADING_BREAKS.match(html)) else 0
    trailing = _TRAILING_BREAKS_REVERSED.match(html[::-1])
    end = len(html) - trailing.end() if trailing else len(html)
    return html[start:end] if start < end else ""


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTR.finditer(text)}


# autop: a port of wpautop(), WordPress 6.x.

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    r"|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption"
    r"|details|menu|summary)"
)
# Elements wpautop matches as `<pre\b.*?</pre>` and the like, found by _spans() in linear time.
_PRE = (re.compile(r"<pre\b", re.IGNORECASE), lambda _: re.compile(r"</pre>", re.IGNORECASE))
_KEEP_NEWLINES = (re.compile(r"<(script|style|svg|math)\b"), lambda start: re.compile(re.escape(f"</{start[1]}>")))
_TAG_OR_COMMENT = re.compile(r"<")
_HTML_TAG = re.compile(r"<[^<>]*>")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NEWLINE = " <!-- wpnl --> "

# wpautop()'s replacements, in its order: before splitting into paragraphs, after, and after line breaks.
_BEFORE = [
    (re.compile(r"<br\s*/?>\s*<br\s*/?>"), "\n\n"),
    (re.compile(rf"(<{_BLOCKS}[\s/>])"), r"\n\n\1"),
    (re.compile(rf"(</{_BLOCKS}>)"), r"\1\n\n"),
    (re.compile(r"(<hr\s*?/?>)"), r"\1\n\n"),
    (re.compile(r"\r\n?"), "\n"),
]
# Runs of whitespace are matched from their start only ((?<!\s)): tried from every space of a long run, a
# pattern starting with \s* takes quadratic time.
_OPTIONS = [(re.compile(r"(?<!\s)\s+<option"), "<option"), (re.compile(r"</option>\s*"), "</option>")]
_AFTER = [
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), "</p></blockquote>"),
    (re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)"), r"\1"),
    (re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*</p>"), r"\1"),
]


def _line_break(space: re.Match) -> str:
    """A run of whitespace with newlines in it, up to its last newline, as "<br />\\n" (wpautop's
    `(?<!<br />)\\s*\\n`); after a "<br />", from its second character."""
    run = space[0]
    last_newline = run.rfind("\n")
    if last_newline < 0:
        return run
    start = 1 if space.string.endswith("<br />", 0, space.start()) else 0
    if start > last_newline:
        return run
    return run[:start] + "<br />\n" + run[last_newline + 1 :]


_LINE_BREAKS = [
    (re.compile(r"<br/?>"), "<br />"),
    (re.compile(r"(?<!\s)\s+"), _line_break),
]
_TIDY = [
    (re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*<br />"), r"\1"),
    (re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"), r"\1"),
    (re.compile(r"\n</p>$"), "</p>"),
]


def _apply(text: str, steps) -> str:
    for pattern, replacement in steps:
        text = pattern.sub(replacement, text)
    return text


def _spans(text: str, start: re.Pattern, closer_of, replace) -> str:
    """re.sub of `start.*?closer` (dot matching newlines) with `replace`, in linear time.

    The regular expression, from each start with no closer after it, reads on to the end of the text: quadratic
    on a text of many unclosed starts. Here each closer is looked for once, and the answer kept until passed.
    """
    out, position, next_closer = [], 0, {}
    while opening := start.search(text, position):
        closer = closer_of(opening)
        found = next_closer.get(closer.pattern)
        if found is None or (found is not False and found.start() < opening.end()):
            found = closer.search(text, opening.end()) or False
            next_closer[closer.pattern] = found
        if found is False:
            position = opening.start() + 1
            continue
        out += [text[position : opening.start()], replace(text[opening.start() : found.end()])]
        position = found.end()
    out.append(text[position:])
    return "".join(out)


def _in_tags(text: str, replace) -> str:
    """`replace` applied to each comment and tag (wpautop's `<!--.*?-->|<[^<>]*>`), in linear time."""
    out, position, comment_end = [], 0, None
    while opening := _TAG_OR_COMMENT.search(text, position):
        found = None
        if text.startswith("<!--", opening.start()):
            if comment_end is None or (comment_end != -1 and comment_end < opening.start() + 4):
                comment_end = text.find("-->", opening.start() + 4)
            if comment_end != -1:
                found = (opening.start(), comment_end + 3)
        if found is None and (tag := _HTML_TAG.match(text, opening.start())):
            found = tag.span()
        if found is None:
            out.append(text[position : opening.start() + 1])
            position = opening.start() + 1
            continue
        out += [text[position : found[0]], replace(text[found[0] : found[1]])]
        position = found[1]
    out.append(text[position:])
    return "".join(out)


def autop(text: str) -> str:
    """Paragraphs from blank-line-separated text, line breaks from single newlines, as WordPress shows them."""
    if not text.strip():
        return ""
    pre_tags = {}

    def keep_pre(element):
        name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
        pre_tags[name] = element
        return name

    text = _apply(_spans(text + "\n", *_PRE, keep_pre), _BEFORE)
    text = _in_tags(text, lambda html: html.replace("\n", _NEWLINE))
    if "<option" in text:
        text = _apply(text, _OPTIONS)
    paragraphs = (p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p)
    text = _apply("".join(f"<p>{p}</p>\n" for p in paragraphs), _AFTER)
    text = _spans(text, *_KEEP_NEWLINES, lambda element: element.replace("\n", "<WPPreserveNewline />"))
    text = _apply(text, _LINE_BREAKS).replace("<WPPreserveNewline />", "\n")
    text = _apply(text, _TIDY)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(_NEWLINE, "\n").replace("<!-- wpnl -->", "\n").strip()


# Plain text


class _TextParser(HTMLParser):
    BREAKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Text without tags or entities, whitespace collapsed (excerpts, captions)."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
