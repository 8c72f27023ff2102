"""The WordPress fixture export (tests/transfer/fixtures/wordpress-6.xml), read and imported."""

from datetime import UTC, datetime

from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Page, Section
from authors.models import Author
from media.models import Image
from tests.transfer.conftest import run
from tests.transfer.wxr_factory import FIXTURE

BASE = "https://asiainnews.example"
WXR_TEXT = FIXTURE.read_text(encoding="utf-8")
EVERY_ITEM = {"page:2", "post:101", "post:104", "post:105", "post:106", "post:107", "post:108", "post:110"}
FIRST_RUN = "Imported: 8 created, 0 updated, 0 unchanged, 0 failed, 2 skipped."


def when(*parts):
    return datetime(*parts, tzinfo=UTC)


# --- through import_articles ------------------------------------------------------------------------------


def import_wxr(uploads, *args, path=FIXTURE):
    return run("import_articles", path, "--media-dir", uploads, "--create-sections", *args)


def variant(tmp_path, name, *replacements):
    """A copy of the fixture with text replaced, for bad or edited exports."""
    text = WXR_TEXT
    for old, new in replacements:
        assert old in text, f"{old!r} is not in the fixture"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def in_database():
    """The source items that are rows now, as "post:101" and "page:2"."""
    refs = [*Article.objects.values_list("import_ref", flat=True), *Page.objects.values_list("import_ref", flat=True)]
    return {ref.removeprefix(f"wordpress:{BASE}:") for ref in refs if ref}


def article(ref):
    return Article.objects.get(import_ref=f"wordpress:{BASE}:{ref}")


def row_counts():
    return {model.__name__: model.objects.count() for model in (Article, Page, Image, Author, Section, Tag, Version)}


def stored_files_of(image):
    return sorted([image.file.name, *(rendition.file.name for rendition in image.renditions.all())])
