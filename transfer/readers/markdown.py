"""Markdown files with a YAML front-matter header, as freelancers and wire desks send copy.

    ---
    headline: Taiwan and US deepen military ties
    date: 2025-10-22T10:00:00+05:30
    status: published            # draft (the default), review, published or archived
    section: world               # an existing section, by slug or name
    authors: [Nikhil Chauhan]    # existing authors, by name or slug
    tags: [Taiwan, Defence]
    standfirst: One or two sentences.
    image:
      file: harbour.jpg          # relative to the Markdown file
      alt: Ships in Kaohsiung harbour
      caption: Kaohsiung harbour at dawn.
      credit: Reuters
      disclaimer: This image is taken from Reuters.
    ---
    The body, in Markdown.

The file's name (without .md) is its identity unless the header gives `import_ref`.
"""

from collections.abc import Iterator
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from transfer import values
from transfer.readers.jsonl import image_from, section_from
from transfer.records import ArticleRecord, AuthorRecord, ImportProblem, ItemError

MAX_FILE_BYTES = 5 * 1024 * 1024
FENCE = "---"
_markdown = MarkdownIt("commonmark", {"html": True}).enable("strikethrough")


def looks_like_markdown(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in {".md", ".markdown"} or head.lstrip(b"\xef\xbb\xbf").startswith(b"---")


def read_markdown(path: Path, *, media_dir: Path | None = None) -> Iterator[ArticleRecord | ItemError]:
    try:
        yield parse(path, media_dir=media_dir)
    except ImportProblem as problem:
        yield ItemError(path.name, str(problem))


def parse(path: Path, *, media_dir: Path | None = None) -> ArticleRecord:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportProblem(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    try:
        source = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem("the file is not UTF-8 text.") from error
    header, body = split_front_matter(source)
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"front matter line {mark.line + 2}: " if mark else ""  # +2: 0-based, and the opening ---
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ImportProblem(f"{where}{problem}.") from error
    data = values.mapping(data, "front matter")
    image = data.get("image")
    if isinstance(image, dict):
        image = {**image, "alt_text": image.get("alt_text", image.get("alt"))}
    status = values.status(data.get("status"))
    date = values.when(data.get("date"), "date")
    return ArticleRecord(
        location=path.name,
        import_ref=values.text(data.get("import_ref"), "import_ref") or f"markdown:{path.stem}",
        headline=values.text(data.get("headline", data.get("title")), "headline", required=True),
        section=section_from(data.get("section")),
        slug=values.text(data.get("slug"), "slug"),
        standfirst=values.text(data.get("standfirst", data.get("summary")), "standfirst"),
        body=_markdown.render(body),
        status=status,
        publish_at=date,
        created_at=date,
        significantly_updated_at=values.when(data.get("updated"), "updated"),
        is_featured=values.flag(data.get("featured"), "featured"),
        seo_title=values.text(data.get("seo_title"), "seo_title"),
        seo_description=values.text(data.get("seo_description"), "seo_description"),
        lead_image=image_from(image, "image", media_dir or path.parent),
        authors=[
            AuthorRecord(key=name) for name in values.text_list(data.get("authors", data.get("author")), "authors")
        ],
        tags=values.text_list(data.get("tags"), "tags"),
    )


def split_front_matter(source: str) -> tuple[str, str]:
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise ImportProblem("the file does not start with a front-matter header (a line of ---).")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "".join(lines[1:number]), "".join(lines[number + 1 :])
    raise ImportProblem("the front-matter header is not closed (no second line of ---).")
