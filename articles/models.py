from functools import cached_property

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles.choices import (
    BYLINE_LABELS,
    CORRECTION_KINDS_ON_TOP,
    BylineRole,
    CorrectionKind,
    Status,
    Visibility,
)
from articles.counters import ArticleDailyViews as ArticleDailyViews
from articles.counters import ArticleHourlyViews as ArticleHourlyViews
from articles.counters import PublicationState as PublicationState
from articles.counters import PurgeLog as PurgeLog
from articles.html import (
    ARTICLE_EDITOR_EXTENSIONS,
    EDITOR_EXTENSIONS,
    body_image_ids,
    sanitize_article_body,
    sanitize_html,
)
from articles.local_times import CALENDAR_ENDS, in_calendar
from articles.querysets import ArticleQuerySet, CorrectionQuerySet, bylines_read, tags_read
from common.fields import import_ref_field, slug_field, unique_import_ref
from common.slugs import slug_for, validate_not_only_digits
from media.models import Image


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = slug_field(
        max_length=100,
        help_text="The section is at /section/<slug>/. Left empty, it is made from the name, in any script.",
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Sections are listed in the navigation by this.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or slug_for(self, self.name, fallback="section")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


# Kept up to date by their own write paths, never by a save of the whole article (which may come from a form
# opened before they changed): the number of corrections (Correction.save), the related articles (articles.related).
MAINTAINED_FIELDS = ("correction_count", "related_ids")


# The view counter and the edit version change without an editor: they are not history. updated_at is
# kept, not compared (admin.py): a deleted article cannot be recovered without it.
@reversion.register(follow=["bylines"], exclude=["view_count", "version", *MAINTAINED_FIELDS])
class Article(models.Model):
    headline = models.CharField(max_length=255)
    slug = slug_field(
        max_length=255,
        help_text="The last part of the article's address, unique across the site. Left empty, it is made from the "
        "headline, in any script.",
    )
    standfirst = models.TextField(blank=True, help_text="One or two sentences under the headline.")
    body = ProseEditorField(extensions=ARTICLE_EDITOR_EXTENSIONS, sanitize=sanitize_article_body, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField("authors.Author", through="Byline", related_name="articles", blank=True)
    tags = TaggableManager(blank=True)
    lead_image = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="lead_articles"
    )
    lead_image_caption = models.TextField(
        blank=True, help_text="Replaces the image's own caption on this article only."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="A published article is visible to readers from this time on; a time in the future schedules it.",
    )
    expire_at = models.DateTimeField(
        "expire at",
        null=True,
        blank=True,
        help_text="Scheduled unpublish: from this time on the article is gone from every public place. Optional.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When it last went to review: the desk shows how long it has waited.
    submitted_at = models.DateTimeField("submitted for review at", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    significantly_updated_at = models.DateTimeField(
        "significantly updated at",
        null=True,
        blank=True,
        help_text='Shown to readers as "Updated …". Set it only for changes that matter to them, not typo fixes.',
    )
    view_count = models.PositiveBigIntegerField(default=0, editable=False)
    is_featured = models.BooleanField("featured", default=False, help_text="Featured articles lead the home page.")
    seo_title = models.CharField("SEO title", max_length=70, blank=True, help_text="Defaults to the headline.")
    seo_description = models.CharField(
        "SEO description", max_length=160, blank=True, help_text="Defaults to the standfirst."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Bumped by every save through articles.services, so that a stale edit form is refused.
    version = models.PositiveIntegerField(default=0, editable=False)
    import_ref = import_ref_field()
    # The article page asks for corrections only when there are some.
    correction_count = models.PositiveIntegerField(default=0, editable=False)
    # Ids of the articles most related to this one, most related first (articles.related): worked out when
    # articles are saved, not on every reading; the page shows those still live.
    related_ids = models.JSONField(default=list, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        constraints = [unique_import_ref("article_unique_import_ref")]
        indexes = [
            # Listings are ordered by (-publish_at, -id): the id belongs in the index, or every listing sorts.
            models.Index(fields=["status", "-publish_at", "-id"], name="article_published_idx"),
            models.Index(fields=["section", "status", "-publish_at", "-id"], name="article_section_published_idx"),
            models.Index(fields=["-publish_at", "-id"], name="article_publish_order_idx"),  # the admin list
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The home page's lead: the newest featured article, found without reading the archive.
            models.Index(fields=["-publish_at"], condition=models.Q(is_featured=True), name="article_featured_idx"),
            # Few articles expire: listings check expire_at on the rows they read anyway, and the page
            # cache finds the next expiry, and what expired since it last looked, in this small index.
            models.Index(fields=["-expire_at"], condition=models.Q(expire_at__isnull=False), name="article_expiry_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Whatever the write path, stored HTML has been through the allow-list.
        self.body = sanitize_article_body(self.body)
        adding = self._state.adding
        update_fields = kwargs.get("update_fields")
        if not adding and not args and update_fields is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in MAINTAINED_FIELDS
            ]
        super().save(*args, **kwargs)
        if update_fields is None or "body" in update_fields:
            self._record_body_images(adding)

    def get_absolute_url(self):
        day = timezone.localtime(self.publish_at or self.created_at)
        return reverse(
            "articles:detail",
            kwargs={"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": self.slug},
        )

    @property
    def visibility(self) -> Visibility:
        """This article's place in published() / scheduled(), by the same rule, without a query."""
        if self.status != Status.PUBLISHED:
            return Visibility(self.status)
        if self.publish_at is None:
            return Visibility.UNDATED
        now = timezone.now()
        if self.publish_at > now:
            return Visibility.SCHEDULED
        if self.expire_at is not None and self.expire_at <= now:
            return Visibility.EXPIRED
        return Visibility.LIVE

    @property
    def has_gone_out(self) -> bool:
        """Readers have seen it: it was first published at a time that has come. Only such an article can have a
        significant update ("Updated …"); a scheduled one has nothing readers could have seen before."""
        return self.first_published_at is not None and self.first_published_at <= timezone.now()

    def clean(self):
        outside = {
            name: f"Enter a time {CALENDAR_ENDS}."
            for name in ["publish_at", "expire_at", "first_published_at", "significantly_updated_at"]
            if getattr(self, name) and not in_calendar(getattr(self, name))
        }
        if outside:
            raise ValidationError(outside)
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            raise ValidationError({"expire_at": "The expiry time must be after the publication time."})

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._saved_body = article.__dict__.get("body")  # None when deferred: save() then asks the database
        return article

    def _record_body_images(self, adding):
        """Keep ArticleBodyImage in step with the pictures in the body; no query while they stay the same."""
        wanted = set(body_image_ids(self.body))
        saved_body = getattr(self, "_saved_body", None)
        if adding:
            recorded = set()
        elif saved_body is not None:
            recorded = set(body_image_ids(saved_body))
        else:
            recorded = set(self.body_image_uses.values_list("image_id", flat=True))
        if wanted != recorded:
            self.body_image_uses.filter(image_id__in=recorded - wanted).delete()
            # A picture deleted from the library since leaves nothing to record (and nothing on the page).
            existing = Image.objects.filter(pk__in=wanted - recorded).values_list("pk", flat=True)
            ArticleBodyImage.objects.bulk_create(
                [ArticleBodyImage(article=self, image_id=pk) for pk in existing], ignore_conflicts=True
            )
        self._saved_body = self.body

    @property
    def modified_at(self):
        """When readers were last told the article changed: a significant update, else its publication.

        Feeds, sitemaps and JSON-LD use it, so that a typo fix never looks like news."""
        return self.significantly_updated_at or self.publish_at

    @property
    def page_title(self):
        """The title search engines and share cards show."""
        return self.seo_title or self.headline

    @property
    def page_description(self):
        return self.seo_description or self.standfirst or self.headline

    @cached_property
    def byline_list(self):
        """The bylines in order, with their authors: from for_listing()'s JSON without a query, else queried."""
        return bylines_read(self, Byline) if hasattr(self, "bylines_json") else list(self.bylines.all())

    @cached_property
    def tag_list(self):
        """The tags, oldest tag first: from for_detail()'s JSON without a query, else queried."""
        return tags_read(self) if hasattr(self, "tags_json") else list(self.tags.order_by("pk"))

    @cached_property
    def correction_list(self):
        """The corrections, oldest first; a query only when correction_count says there are some."""
        return list(self.corrections.all()) if self.correction_count else []

    @property
    def byline_authors(self):
        """Authors in byline order."""
        return [byline.author for byline in self.byline_list]

    @property
    def reporters(self):
        """The authors proper ("By …"), in byline order."""
        return [byline.author for byline in self.byline_list if byline.role == BylineRole.REPORTER]

    @property
    def byline_groups(self):
        """[(role, label, authors)] as a byline reads: "By A and B · Photos: C · Translated by D · Edited by E"."""
        bylines = self.byline_list
        groups = []
        for role, label in BYLINE_LABELS.items():
            authors = [byline.author for byline in bylines if byline.role == role]
            if authors:
                groups.append((role, label, authors))
        return groups

    @property
    def corrections_on_top(self):
        """Retractions and editor's notes, shown above the body."""
        return [correction for correction in self.correction_list if correction.on_top]

    @property
    def corrections_below(self):
        """Corrections, clarifications and updates, for the box under the body."""
        return [correction for correction in self.correction_list if not correction.on_top]

    def body_image_ids(self):
        """The ids of the library pictures in the body, in order, once each."""
        return body_image_ids(self.body)

    def body_images(self):
        """{id: Image} of the library pictures in the body, with what a picture needs, in two queries (none without)."""
        ids = self.body_image_ids()
        return Image.objects.for_pictures().in_bulk(ids) if ids else {}

    @property
    def caption(self):
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""


@reversion.register()
class Byline(models.Model):
    """One name in an article's byline, in order, with what that person did on this article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=BylineRole.choices, default=BylineRole.REPORTER)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author")]
        verbose_name = "byline"

    def __str__(self):
        return str(self.author)


class Correction(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=20,
        choices=CorrectionKind.choices,
        default=CorrectionKind.CORRECTION,
        help_text="Retractions and editor’s notes are shown above the article; the others below it.",
    )
    text = models.TextField(help_text="What was wrong and what is right now. Shown on the article, dated.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="correction_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # The article changed for readers: updated_at moves, so the API's sync gives it again.
            Article.objects.filter(pk=self.article_id).update(
                correction_count=models.F("correction_count") + 1, updated_at=timezone.now()
            )

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Correction.objects.count_for([self.article_id])
        return deleted

    @property
    def on_top(self):
        return self.kind in CORRECTION_KINDS_ON_TOP


class Page(models.Model):
    """A page editors manage outside the news flow: About, Contact, Corrections policy."""

    title = models.CharField(max_length=200)
    slug = slug_field(
        max_length=100,
        validators=[validate_not_only_digits],
        help_text="The page is at /<slug>/. Left empty, it is made from the title, in any script.",
    )
    body = ProseEditorField(extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html, blank=True)
    is_published = models.BooleanField("published", default=False)
    show_in_footer = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Footer links are listed by this.")
    updated_at = models.DateTimeField(auto_now=True)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            unique_import_ref("page_unique_import_ref"),
            # These addresses belong to other pages of the site.
            models.CheckConstraint(
                condition=~models.Q(slug__in=["admin", "authors", "search", "section", "tag", "feeds", "uploads",
                                              "static", "articles", "sitemap", "robots", "corrections"]),
                name="page_slug_not_reserved",
                violation_error_message="This address is used by another part of the site.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.slug = self.slug or slug_for(self, self.title, fallback="page")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={"slug": self.slug})


class ArticleBodyImage(models.Model):
    """A library picture shown in an article's body, recorded by Article.save() from the body itself.

    The body is the truth; this lets the desk find articles whose pictures lack a credit or are about to
    expire, and stops a picture in use from being deleted, as the lead image's foreign key does."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_image_uses")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="body_uses")

    class Meta:
        verbose_name = "picture in an article's body"
        verbose_name_plural = "pictures in articles' bodies"
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="body_image_unique_use")]

    def __str__(self):
        return f"{self.image} in {self.article}"
