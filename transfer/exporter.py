"""A lossless export: every article as one line of JSON, and the image files beside it.

The lines are what `import_articles` reads, so an export is also a backup that can be
restored into an empty database; exporting that database again gives the same bytes.
Items that were imported keep their source's `import_ref`; the others are named after
their id here (newsroom:article:17), which a re-import into this database recognises.
"""

import hashlib
import json
import shutil
import tempfile
from datetime import UTC
from pathlib import Path

from django.db.models import Prefetch

from articles.html import body_image_ids, picture_tag, rewrite_pictures
from articles.models import Article, Byline
from authors.models import Author
from transfer.loader import NATIVE_REF

ARTICLES_FILE = "articles.jsonl"
IMAGES_DIR = "images"


def instant(value):
    return value.astimezone(UTC).isoformat() if value else None


def ref(obj) -> str:
    return obj.import_ref or NATIVE_REF.format(kind=obj._meta.model_name, pk=obj.pk)


class Exporter:
    def __init__(self, folder: Path):
        self.folder = folder
        self.image_files = {}  # image id → its file's name in the export
        self.images_written = 0

    def article(self, article: Article) -> dict:
        body, body_images = self.body(article)
        return {
            "import_ref": ref(article),
            "headline": article.headline,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": body,
            "body_images": body_images,
            "status": article.status,
            "publish_at": instant(article.publish_at),
            "expire_at": instant(article.expire_at),
            "first_published_at": instant(article.first_published_at),
            "created_at": instant(article.created_at),
            "significantly_updated_at": instant(article.significantly_updated_at),
            "is_featured": article.is_featured,
            "seo_title": article.seo_title,
            "seo_description": article.seo_description,
            "view_count": article.view_count,
            "section": {
                "slug": article.section.slug,
                "name": article.section.name,
                "description": article.section.description,
                "position": article.section.position,
            },
            "authors": [{**self.author(byline.author), "byline_role": byline.role} for byline in article.bylines.all()],
            "tags": sorted(tag.name for tag in article.tags.all()),
            "corrections": [
                {"kind": correction.kind, "text": correction.text, "created_at": instant(correction.created_at)}
                for correction in article.corrections.all()
            ],
            "lead_image": self.image(article.lead_image),
            "lead_image_caption": article.lead_image_caption,
        }

    def body(self, article: Article) -> tuple[str, list[dict]]:
        """The body with its pictures numbered 1, 2, … after the list of their images: ids mean nothing elsewhere.

        The src is left out too (it names this site's rendition files); an import points it at its own."""
        images = article.body_images()
        numbers = {
            pk: number for number, pk in enumerate((pk for pk in body_image_ids(article.body) if pk in images), 1)
        }
        body = rewrite_pictures(
            article.body,
            lambda pk, attributes: picture_tag(numbers[pk], attributes.get("alt", "")) if pk in numbers else None,
        )
        return body, [self.image(images[pk]) for pk in numbers]

    def author(self, author: Author) -> dict:
        return {
            "import_ref": author.import_ref,
            "slug": author.slug,
            "name": author.name,
            "role": author.role,
            "bio": author.bio,
            "is_active": author.is_active,
            "links": [{"label": link.label, "url": link.url} for link in author.links.all()],
            "photo": self.image(author.photo),
        }

    def image(self, image) -> dict | None:
        if image is None:
            return None
        return {
            "import_ref": ref(image),
            "file": self.image_file(image),
            "title": image.title,
            "alt_text": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "disclaimer": image.disclaimer,
            "source_url": image.source_url,
            "usage_rights": image.usage_rights,
            "rights_expire_at": instant(image.rights_expire_at),
            "focal_point": list(image.focal_point) if image.focal_point else None,
            "created_at": instant(image.created_at),
            "width": image.width,
            "height": image.height,
        }

    def image_file(self, image) -> str:
        """Copy the original picture once, named by its content, so that two exports name it alike."""
        if image.pk not in self.image_files:
            digest = hashlib.sha256()
            with image.file.open("rb") as source, tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as copy:
                for chunk in source.chunks():
                    digest.update(chunk)
                    copy.write(chunk)
            suffix = Path(image.file.name).suffix.lower()
            name = f"{IMAGES_DIR}/{digest.hexdigest()}{suffix}"
            (self.folder / IMAGES_DIR).mkdir(exist_ok=True)
            target = self.folder / name
            if target.exists():
                Path(copy.name).unlink()
            else:
                Path(copy.name).rename(target)
                self.images_written += 1
            self.image_files[image.pk] = name
        return self.image_files[image.pk]


def articles_to_export():
    bylines = Byline.objects.select_related("author__photo").prefetch_related("author__links")
    return (
        Article.objects.select_related("section", "lead_image")
        .prefetch_related(Prefetch("bylines", queryset=bylines), "tags", "corrections")
        .order_by("created_at", "slug")
    )


def export_articles(output: Path, *, progress=None) -> tuple[int, int]:
    """Write the export into `output` (which must not exist or be empty); (articles, image files).

    The export is assembled in a folder beside `output` and moved into place at the end,
    so a failed export leaves nothing that looks complete."""
    if output.exists() and any(output.iterdir()):
        raise FileExistsError(f"{output} is not empty")
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        exporter = Exporter(work)
        count = 0
        with (work / ARTICLES_FILE).open("w", encoding="utf-8") as lines:
            for article in articles_to_export().iterator(chunk_size=500):
                lines.write(json.dumps(exporter.article(article), ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
                if progress is not None:
                    progress.update(1)
        if output.exists():
            output.rmdir()
        work.rename(output)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return count, exporter.images_written
