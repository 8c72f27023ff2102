"""Writing imported records: each article in a transaction of its own, whole or not at all.

An item is found again by its `import_ref`, so that running an import twice updates
rather than duplicates; an item whose values all match what is stored is left alone
(no save, no new revision, the page cache kept). Sections and authors that exist are
used as they are: they are edited in the admin, not by imports.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from taggit.models import Tag

from articles.html import rewrite_pictures, sanitize_article_body, sanitize_html
from articles.models import Article, Page, Section, Status
from articles.services import (
    Importer,
    article_import,
    body_picture,
    free_slug,
    section_ensure,
    tag_save,
    unique_slug,
)
from articles.signals import one_change
from authors.models import Author, AuthorLink
from common.slugs import readable_slug, validate_slug
from media.files import discard_new_files_on_error
from media.models import Image, UsageRights
from media.services import image_save
from media.validators import validate_image_upload
from transfer.old_addresses import keep_old_addresses
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    ImageRecord,
    ImportProblem,
    ItemWarning,
    PageRecord,
    SectionRecord,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
EMPTY_PARAGRAPH = re.compile(r"<p>(\s|<br>)*</p>\s*")
ORPHAN_CAPTION = re.compile(r"<figure>\s*<figcaption>.*?</figcaption>\s*</figure>\s*", re.DOTALL)
NATIVE_REF = "newsroom:{kind}:{pk}"  # what export_articles writes for items that were not imported


class _DryRun(Exception):
    """Raised at the end of a dry run, to roll everything back."""


@contextmanager
def rolled_back_if(dry_run: bool):
    """Run the whole import, then undo it: later items see what earlier ones would have created."""
    if not dry_run:
        yield
        return
    try:
        with discard_new_files_on_error(), transaction.atomic():
            yield
            raise _DryRun
    except _DryRun:
        pass


@dataclass
class ImportOptions:
    create_sections: bool = False
    section_map: dict[str, Section] = field(default_factory=dict)  # lower-cased source key → section
    default_section: Section | None = None  # for items with no section, or the source's catch-all
    usage_rights: str = UsageRights.STAFF
    user: object = None
    source_name: str = ""


class Loader:
    def __init__(self, options: ImportOptions):
        self.options = options
        self.found = {}

    def load(self, record: ArticleRecord | PageRecord) -> tuple[str, list[str]]:
        """Write one record; returns (created/updated/unchanged, warnings). Raises ImportProblem."""
        warnings = list(record.warnings)
        try:
            outcome = self._load(record, warnings)
        except BaseException:
            self.found.clear()  # what this item created was rolled back with it
            raise
        return outcome, list(dict.fromkeys(warnings))  # a picture shown twice is warned about once

    def _load(self, record, warnings) -> str:
        try:
            with discard_new_files_on_error(), transaction.atomic(), one_change():
                outcome, row = (self._page if isinstance(record, PageRecord) else self._article)(record, warnings)
                keep_old_addresses(record.old_addresses, row, warnings)
        except ValidationError as error:
            raise ImportProblem(_messages(error)) from error
        except PermissionDenied as error:  # --user may not change a picture the item updates
            raise ImportProblem(str(error)) from error
        except IntegrityError as error:  # another writer took a slug or reference meanwhile
            raise ImportProblem(f"the database refused the item: {error}") from error
        except OSError as error:
            raise ImportProblem(f"could not read or store a file: {error}") from error
        return outcome

    # Articles

    def _article(self, record: ArticleRecord, warnings: list[str]) -> str:
        article = self._find(Article, record.import_ref, natural_key="slug", natural_value=record.slug)
        section = self._section(record.section, warnings)
        authors = [self._author(ref, warnings) for ref in record.authors]
        image, image_changed = self._image(record.lead_image, warnings) if record.lead_image else (None, False)
        pictures = {number: self._body_image(ref, warnings) for number, ref in enumerate(record.body_images, 1) if ref}
        image_changed = image_changed or any(picture_changed for _, picture_changed in pictures.values())
        wanted = self._article_values(record, article, section, image, warnings)
        wanted["body"] = article_body(
            record.body, {number: picture for number, (picture, _) in pictures.items()}, warnings
        )

        if article is None:
            article = Article(import_ref=record.import_ref)
            if record.view_count:
                article.view_count = record.view_count
        changed = [name for name, value in wanted.items() if getattr(article, name) != value]
        bylines = [(author, ref.byline_role) for author, ref in zip(authors, record.authors, strict=True)]
        tags = list(dict.fromkeys(record.tags))
        corrections = [(c.kind, c.text, c.created_at) for c in record.corrections]
        if article.pk is None:
            bylines_changed = tags_changed = corrections_changed = True
        else:
            stored = list(article.bylines.values_list("author_id", "role"))
            bylines_changed = stored != [(author.pk, role) for author, role in bylines]
            tags_changed = sorted(t.lower() for t in article.tags.names()) != sorted(t.lower() for t in tags)
            corrections_changed = list(article.corrections.values_list("kind", "text", "created_at")) != corrections
        if not (changed or bylines_changed or tags_changed or corrections_changed or image_changed):
            return UNCHANGED, article

        outcome = CREATED if article.pk is None else UPDATED
        for name, value in wanted.items():
            setattr(article, name, value)
        article_import(
            article=article,
            by=Importer(user=self.options.user, source=self.options.source_name),
            bylines=bylines if bylines_changed else None,
            tags=self._tags(tags) if tags_changed else None,
            corrections=corrections if corrections_changed else None,
        )
        return outcome, article

    def _article_values(self, record, article, section, image, warnings) -> dict:
        slug = site_slug(record.slug, warnings) or (article.slug if article else "") or unique_slug(record.headline)
        clash = Article.objects.filter(slug=slug).exclude(pk=article.pk if article else None).first()
        if clash is not None:
            raise ImportProblem(
                f"the slug “{slug}” is already used by another article (“{clash.headline}”); "
                "change one of the two, or give the item the other's import_ref."
            )
        publish_at = record.publish_at
        if record.status in {Status.PUBLISHED, Status.ARCHIVED} and publish_at is None:
            raise ImportProblem(f"a {record.status} article needs a publication date.")
        # The source's, else the stored one: article_save() dates a published article's first publication.
        first_published_at = record.first_published_at or (article.first_published_at if article else None)
        created_at = record.created_at or (article.created_at if article else None) or publish_at or timezone.now()
        return {
            "headline": record.headline,
            "slug": slug,
            "standfirst": record.standfirst,
            "status": record.status,
            "publish_at": publish_at,
            "expire_at": record.expire_at,
            "first_published_at": first_published_at,
            "created_at": created_at,
            "significantly_updated_at": record.significantly_updated_at,
            "is_featured": record.is_featured,
            "seo_title": record.seo_title,
            "seo_description": record.seo_description,
            "lead_image_caption": record.lead_image_caption,
            "section_id": section.pk,
            "lead_image_id": article.lead_image_id if (record.keep_lead_image and article) else (image and image.pk),
        }

    # What an article refers to

    def _section(self, ref: SectionRecord, warnings: list[str]) -> Section:
        for key in (ref.key, ref.slug, ref.name):
            if key and key.lower() in self.options.section_map:
                return self.options.section_map[key.lower()]
        if (not ref.key or ref.catch_all) and self.options.default_section is not None:
            return self.options.default_section
        if not ref.key:
            raise ImportProblem(
                "the item has no section (category): give --default-section <section slug> to put such items in "
                "a section."
            )
        section = self._existing(
            ("section", ref.key, ref.slug, ref.name),
            lambda: (
                Section.objects.filter(slug=ref.slug or ref.key).first()
                or Section.objects.filter(name__iexact=ref.name or ref.key).first()
            ),
        )
        if section is not None:
            return section
        if not (ref.defined or self.options.create_sections):
            also = ", or put such items in a section with --default-section <section slug>" if ref.catch_all else ""
            raise ImportProblem(
                f"unknown section “{ref.name or ref.key}”: map it to an existing one with "
                f"--section-map {ref.slug or ref.key}=<section slug>, or pass --create-sections{also}."
            )
        name = ref.name or ref.key
        slug = site_slug(ref.slug, []) or readable_slug(name)
        if not slug:  # a name in other letters, e.g. 经济: any free address, which editors can rename
            slug = free_slug("section", Section.objects.all())
            warnings.append(
                ItemWarning(
                    "new section given a made-up address",
                    f"the new section “{name}” got the address /section/{slug}/; rename it in the admin.",
                )
            )
        section, _ = section_ensure(
            name=name,
            slug=slug,
            description=ref.description,
            position=ref.position,
        )
        return section

    def _author(self, ref: AuthorRecord, warnings) -> Author:
        author = self._existing(
            ("author", ref.import_ref, ref.key, ref.slug, ref.name),
            lambda: (
                (ref.import_ref and Author.objects.filter(import_ref=ref.import_ref).first())
                or Author.objects.filter(slug=ref.slug or ref.key).first()
                or Author.objects.filter(name__iexact=ref.name or ref.key).first()
            ),
        )
        if author is not None:
            return author
        if not ref.defined:
            raise ImportProblem(f"unknown author “{ref.key}”: add them in the admin (Authors) first.")
        slug = free_slug(
            site_slug(ref.slug, []) or readable_slug(ref.name, max_length=190) or "author", Author.objects.all()
        )
        photo = self._image(ref.photo, warnings)[0] if ref.photo else None
        author = Author(
            name=ref.name, slug=slug, import_ref=ref.import_ref, role=ref.role, bio=ref.bio,
            is_active=ref.is_active, photo=photo,
        )  # fmt: skip
        author.full_clean()
        author.save()
        for position, (label, url) in enumerate(ref.links):
            link = AuthorLink(author=author, label=label, url=url, position=position)
            link.full_clean()
            link.save()
        return author

    def _image(self, ref: ImageRecord, warnings) -> tuple[Image, bool]:
        """The image for `ref`, created from its file or updated; (image, whether anything changed)."""
        image = self._find(Image, ref.import_ref)
        alt_text = ref.alt_text or ref.caption or ref.title
        if not ref.alt_text:
            warnings.append(
                ItemWarning(
                    "image has no alt text",
                    f"image “{ref.title}” has no alt text: its caption or title was used; write one.",
                )
            )
        x, y = ref.focal_point or (None, None)
        wanted = {
            "title": ref.title[:255], "alt_text": alt_text[:255], "caption": ref.caption, "credit": ref.credit,
            "disclaimer": ref.disclaimer, "source_url": ref.source_url,
            "usage_rights": ref.usage_rights or self.options.usage_rights, "rights_expire_at": ref.rights_expire_at,
            "focal_point_x": x, "focal_point_y": y,
        }  # fmt: skip
        if image is not None:
            changed = [name for name, value in wanted.items() if getattr(image, name) != value]
            if changed:
                for name in changed:
                    setattr(image, name, wanted[name])
                image_save(image=image, by=self.options.user)
            return image, bool(changed)
        if ref.path is None or not ref.path.is_file():
            raise ImportProblem(f"image file not found: {ref.path or ref.title}")
        with ref.path.open("rb") as source:
            upload = File(source, name=ref.path.name)
            try:
                validate_image_upload(upload)
            except ValidationError as error:
                raise ImportProblem(f"{ref.path.name}: {_messages(error)}") from error
            image = Image(file=upload, import_ref=ref.import_ref, **wanted)
            if ref.created_at:
                image.created_at = ref.created_at
            image_save(image=image, by=self.options.user)
        return image, True

    def _body_image(self, ref: ImageRecord, warnings) -> tuple[Image | None, bool]:
        """As _image(); a picture that cannot be imported is left out of the body with a warning, not the article."""
        if (ref.path is None or not ref.path.is_file()) and self._find(Image, ref.import_ref) is None:
            warnings.append(
                ItemWarning(
                    "picture file missing",
                    f"picture file missing: {ref.path or '(no --media-dir)'} (“{ref.title}”); the body goes "
                    "without it.",
                )
            )
            return None, False
        try:
            return self._image(ref, warnings)
        except ImportProblem as problem:  # a file that is not a picture: refused before anything is written
            warnings.append(ItemWarning("picture not imported", f"picture not imported: {problem}"))
            return None, False

    def _tags(self, names):
        """Tag rows for `names`, found once per run (taggit would look each one up for every article)."""
        tags = [
            self._existing(("tag", name.lower()), lambda name=name: Tag.objects.filter(name__iexact=name).first())
            or self._remember(("tag", name.lower()), tag_save(tag=Tag(name=name)))
            for name in names
        ]
        return list({tag.pk: tag for tag in tags}.values())  # "Japan" and "japan" are one tag

    def _remember(self, key, found):
        self.found[key] = found
        return found

    def _existing(self, key, lookup):
        """Sections and authors found before, remembered for the rest of the run (most items share them)."""
        if key not in self.found:
            found = lookup()
            if found is None:
                return None
            self.found[key] = found
        return self.found[key]

    def _find(self, model, import_ref, *, natural_key=None, natural_value=None):
        found = model.objects.filter(import_ref=import_ref).first()
        if found is not None:
            return found
        # An item of this site's own export that was never imported: it is the same row if it is still there.
        kind = model._meta.model_name
        prefix = NATIVE_REF.format(kind=kind, pk="")
        if import_ref.startswith(prefix) and import_ref[len(prefix) :].isdigit():
            candidates = model.objects.filter(pk=int(import_ref[len(prefix) :]), import_ref="")
            if natural_key and natural_value:
                candidates = candidates.filter(**{natural_key: natural_value})
            return candidates.first()
        return None

    # Static pages

    def _page(self, record: PageRecord, warnings: list[str]) -> str:
        page = Page.objects.filter(import_ref=record.import_ref).first()
        slug = site_slug(record.slug, warnings) or (page.slug if page else "") or readable_slug(record.title)
        clash = Page.objects.filter(slug=slug).exclude(pk=page.pk if page else None).first()
        if clash is not None:
            raise ImportProblem(f"the page address /{slug}/ is already used by the page “{clash.title}”.")
        wanted = {
            "title": record.title, "slug": slug, "body": clean_body(record.body),
            "is_published": record.is_published, "position": record.position,
        }  # fmt: skip
        if page is not None and all(getattr(page, name) == value for name, value in wanted.items()):
            return UNCHANGED, page
        outcome = CREATED if page is None else UPDATED
        page = page or Page(import_ref=record.import_ref)
        for name, value in wanted.items():
            setattr(page, name, value)
        page.full_clean(exclude=["import_ref"])
        page.save()
        return outcome, page


def article_body(html: str, pictures: dict, warnings: list[str]) -> str:
    """clean_body(), keeping the pictures an export numbered: <img data-file="N"> shows `pictures`[N]. A number
    mapped to None is a picture left out already warned about."""

    def picture(number, attributes):
        if number not in pictures:
            warnings.append(
                ItemWarning(
                    "body names a picture it does not give",
                    f"the body names picture {number}, which the item's body_images does not give: left out.",
                )
            )
            return None
        return body_picture(pictures[number], attributes.get("alt", "")) if pictures[number] else None

    # Sanitized again after: the article's save does, and a re-import must find the body it would store.
    return clean_body(
        html, sanitize=lambda dirty: sanitize_article_body(rewrite_pictures(sanitize_article_body(dirty), picture))
    )


def clean_body(html: str, sanitize=sanitize_html) -> str:
    """The editor's allow-list, then what it leaves of content it dropped: empty paragraphs, and the
    captions of pictures from elsewhere (bodies show only library pictures), which mean nothing alone."""
    body = sanitize(html)
    body = EMPTY_PARAGRAPH.sub("", body)
    return ORPHAN_CAPTION.sub("", body).strip()


def site_slug(slug: str, warnings: list[str]) -> str:
    """A source's slug as addresses here hold it: unless ALLOW_UNICODE_SLUGS is set, a WordPress slug such as
    "singapore-新加坡-rates" is transliterated ("singapore-xin-jia-po-rates")."""
    if not slug:
        return slug
    try:
        validate_slug(slug)
        return slug
    except ValidationError:
        held = readable_slug(slug)
    warnings.append(
        ItemWarning(
            "slug changed to the letters addresses hold",
            f"the slug “{slug}” has letters addresses here cannot hold: it became “{held}”.",
        )
    )
    return held


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
