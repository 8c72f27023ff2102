"""Reading what export_articles wrote, and emptying the database for a round trip."""

import json

from taggit.models import Tag

from articles.models import Article, Section
from authors.models import Author, AuthorLink
from media.models import Image


def read_export(folder):
    return [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def export_files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def empty_the_database():
    Article.objects.all().delete()
    AuthorLink.objects.all().delete()
    Author.objects.all().delete()
    Image.objects.all().delete()
    Section.objects.all().delete()
    Tag.objects.all().delete()
