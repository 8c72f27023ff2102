"""What WordPress does to a post's content before showing it, done once at import.

WordPress stores shortcodes (`[caption]…[/caption]`), oEmbed links (a URL alone on a
line) and, for classic-editor posts, text without paragraph tags, and turns them into
HTML on every page view. An imported body must stand on its own, so `render_content`
runs the same steps in WordPress's order (the `the_content` filter): oEmbeds, then
`autop` (a port of `wpautop()`, wp-includes/formatting.php) unless the block editor
wrote the paragraphs, then `convert_shortcodes`. `plain_text` is for excerpts and captions.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser

# Media that needs the WordPress player or a plugin; its output is not imported.
MEDIA_SHORTCODES = ("gallery", "audio", "video", "playlist")

_TAG = re.compile(
    r"\[(?P<closing>/)?(?P<name>[A-Za-z_][\w-]*)"
    r"(?P<attrs>\s(?:[^\[\]/]|/(?!\]))*)?"  # a slash is allowed inside, not before the closing bracket
    r"(?P<selfclosing>\s*/)?\]"
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))""")
_CAPTIONED_IMAGE = re.compile(r"^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL)
_OWN_LINE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_IMG = re.compile(r"<img\b", re.IGNORECASE)
_OPEN_P = re.compile(r"<p>\s*$")
_CLOSE_P = re.compile(r"\s*(?:<br\s*/?>\s*)?</p>")
_BREAKS = re.compile(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$")


def render_content(content: str) -> tuple[str, list[str]]:
    """A post's content:encoded as WordPress shows it, and warnings for what was lost."""
    html = autoembed(content or "")
    if "<!-- wp:" not in html:  # the block editor writes its paragraphs; the classic one leaves them to autop
        html = autop(html)
    html, warnings = convert_shortcodes(html)
    return html.strip(), warnings


def autoembed(html: str) -> str:
    """A URL alone on its line, which WordPress would embed, as a link."""
    return _OWN_LINE_URL.sub(lambda m: _link_paragraph(m[1]), html)


def convert_shortcodes(html: str) -> tuple[str, list[str]]:
    """The HTML with its shortcodes expanded or removed, and warnings for what was lost."""
    removed: list[str] = []
    html = _expand(autoembed(html or ""), removed)
    warnings = []
    media = sorted({name for name in removed if name in MEDIA_SHORTCODES}, key=removed.index)
    if media:
        names = ", ".join(f"[{name}]" for name in media)
        warnings.append(f"{names} removed (galleries, audio, video and playlists are not imported)")
    others = sorted({name for name in removed if name not in MEDIA_SHORTCODES}, key=removed.index)
    if others:
        warnings.append(f"shortcodes removed (they need a WordPress plugin): {', '.join(f'[{n}]' for n in others)}")
    if images := len(_IMG.findall(html)):
        warnings.append(
            f"{images} inline image{'s' if images != 1 else ''} dropped (article bodies carry no inline images)"
        )
    return html, warnings


def _expand(text: str, removed: list[str]) -> str:
    out = []
    position = 0
    while match := _TAG.search(text, position):
        out.append(text[position : match.start()])
        name = match["name"]
        if match["closing"]:  # left over when page builders nest a shortcode in itself
            position = match.end()
            continue
        closing_tag = f"[/{name}]"
        close = -1 if match["selfclosing"] else text.find(closing_tag, match.end())
        end = close + len(closing_tag) if close >= 0 else match.end()
        attrs = _attributes(match["attrs"] or "")
        if close < 0 and not attrs and not match["selfclosing"]:
            # "[sic]", "[the minister] said": text in brackets, not a shortcode.
            out.append(match[0])
            position = match.end()
            continue
        if text[match.start() - 1 : match.start()] == "[" and text[end : end + 1] == "]":
            # [[name …]] is how WordPress writes a shortcode as text.
            out[-1] = out[-1][:-1]
            out.append(text[match.start() : end])
            position = end + 1
            continue
        inner = text[match.end() : close] if close >= 0 else ""
        replacement = _replacement(name, attrs, inner, removed, enclosing=close >= 0)
        if _is_block(replacement) and (before := _OPEN_P.search(out[-1])) and (after := _CLOSE_P.match(text, end)):
            # A shortcode alone in a paragraph that autop made: the paragraph goes (WordPress's shortcode_unautop).
            out[-1] = out[-1][: before.start()]
            end = after.end()
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


def _replacement(name: str, attrs: dict[str, str], inner: str, removed: list[str], *, enclosing: bool) -> str:
    if name in ("caption", "wp_caption"):
        return _figure(attrs, _expand(inner, removed))
    if name == "embed":
        url = unescape(inner.strip())
        return _link_paragraph(url) if url else ""
    if name in MEDIA_SHORTCODES or not enclosing:
        removed.append(name)
        return ""
    return _expand(inner, removed)


def _is_block(html: str) -> bool:
    return not html.strip() or re.match(rf"\s*<{_BLOCKS}[\s/>]", html) is not None


def _figure(attrs: dict[str, str], content: str) -> str:
    caption = escape(unescape(attrs["caption"])) if "caption" in attrs else ""
    if "caption" not in attrs and (match := _CAPTIONED_IMAGE.match(content)):
        content, caption = match[1], match[2]
    content, caption = _BREAKS.sub("", content), _BREAKS.sub("", caption)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{content}{figcaption}</figure>"


def _link_paragraph(url: str) -> str:
    url = escape(unescape(url))
    return f'<p><a href="{url}">{url}</a></p>'


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTR.finditer(text)}


# autop: a port of wpautop(), WordPress 6.x.

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    r"|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption"
    r"|details|menu|summary)"
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_IN_TAGS = re.compile(r"<!--.*?-->|<[^<>]*>", re.DOTALL)
_KEEP_NEWLINES = re.compile(r"<(script|style|svg|math)\b.*?</\1>", re.DOTALL)
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
_OPTIONS = [(re.compile(r"\s*<option"), "<option"), (re.compile(r"</option>\s*"), "</option>")]
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
_LINE_BREAKS = [
    (re.compile(r"<br/?>"), "<br />"),
    (re.compile(r"(?<!<br />)\s*\n"), "<br />\n"),
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


def autop(text: str) -> str:
    """Paragraphs from blank-line-separated text, line breaks from single newlines, as WordPress shows them."""
    if not text.strip():
        return ""
    pre_tags = {}

    def keep_pre(match):
        name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
        pre_tags[name] = match[0]
        return name

    text = _apply(_PRE.sub(keep_pre, text + "\n"), _BEFORE)
    text = _IN_TAGS.sub(lambda m: m[0].replace("\n", _NEWLINE), text)
    if "<option" in text:
        text = _apply(text, _OPTIONS)
    paragraphs = (p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p)
    text = _apply("".join(f"<p>{p}</p>\n" for p in paragraphs), _AFTER)
    text = _KEEP_NEWLINES.sub(lambda m: m[0].replace("\n", "<WPPreserveNewline />"), text)
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
