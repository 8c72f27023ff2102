import functools
import operator
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from PIL import Image as PILImage

from common.fields import import_ref_field, unique_import_ref
from media.places import PUBLIC_PLACES
from media.validators import FORMAT_SUFFIXES, validate_image_upload


def image_upload_to(instance, filename):
    # A fresh name per upload, so two photos called IMG_0001.jpg never overwrite each other, with the
    # suffix of what the file is: a JPEG called "x.pdf" is stored, and served, as .jpg.
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{content_suffix(instance.file)}"


def content_suffix(file):
    """The suffix for the picture's format, read from its content (the upload was validated already)."""
    position = file.tell()
    try:
        file.seek(0)
        with PILImage.open(file) as picture:
            picture_format = picture.format
    except (OSError, ValueError):
        picture_format = None
    finally:
        file.seek(position)
    return FORMAT_SUFFIXES.get(picture_format, "img")


def rendition_upload_to(instance, filename):
    return f"renditions/{instance.image_id}/{filename}"


class UsageRights(models.TextChoices):
    STAFF = "staff", "Staff"
    AGENCY = "agency", "Agency"
    LICENSED = "licensed", "Licensed"
    PUBLIC_DOMAIN = "public_domain", "Public domain"


# Pictures under these rights are shown with a credit, whatever their agency (if any) says.
CREDITED_RIGHTS = (UsageRights.AGENCY, UsageRights.LICENSED)


def validate_disclaimer_template(value):
    try:
        value.format(agency="")
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            "Use {agency} for the agency's name and no other braces (write {{ and }} for literal ones)."
        ) from error


class Agency(models.Model):
    """Who supplies pictures (Reuters, AP, the staff photographers), and what their licence lets us do."""

    name = models.CharField(max_length=100, unique=True)
    disclaimer_template = models.CharField(
        max_length=500,
        default="This image is taken from {agency}.",
        validators=[validate_disclaimer_template],
        help_text="Shown under the agency's pictures unless a picture has its own; {agency} becomes the name.",
    )
    credit_required = models.BooleanField(
        "credit required", default=True, help_text="An article cannot be published with an uncredited picture."
    )
    may_redistribute = models.BooleanField(
        "may redistribute",
        default=False,
        help_text="Its images may go to third parties: feeds, OpenGraph, JSON-LD, image sitemap.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    @property
    def disclaimer(self):
        return self.disclaimer_template.format(agency=self.name)


class ImageQuerySet(models.QuerySet):
    def for_pictures(self):
        """What a picture on a page needs (its agency; its renditions are in rendition_files), in one query."""
        return self.select_related("agency")

    def credit_missing(self):
        """Images whose credit is required and empty, as Image.credit_missing has it (spaces alone are empty)."""
        required = models.Q(usage_rights__in=CREDITED_RIGHTS) | models.Q(agency__credit_required=True)
        return self.filter(required, credit__regex=r"^\s*$")

    def rights_expired(self, at=None):
        """Images whose usage rights ended before `at` (default: now)."""
        return self.filter(rights_expire_at__lte=at or timezone.now())

    def rights_expiring(self, within, at=None):
        """Images whose usage rights end after `at` (default: now) and within `within` of it."""
        at = at or timezone.now()
        return self.filter(rights_expire_at__gt=at, rights_expire_at__lte=at + within)

    def in_public_use(self):
        """Pictures readers see, or will at a set time, in a place an app registered (media.places)."""
        shown = [
            models.Q(pk__in=place.holders().values(field))
            for place in PUBLIC_PLACES.values()
            for field in place.image_fields
        ]
        if not shown:
            return self.none()
        return self.filter(functools.reduce(operator.or_, shown))


class Image(models.Model):
    file = models.ImageField(
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text="JPEG, PNG, GIF or WebP.",
    )
    title = models.CharField(max_length=255)
    alt_text = models.CharField(
        max_length=255,
        help_text="What the picture shows, for readers who cannot see it. Required.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=255, blank=True, help_text='Who made or supplied the picture, e.g. "Reuters".')
    disclaimer = models.CharField(
        max_length=500,
        blank=True,
        help_text='Shown under the picture, e.g. "This image is taken from Reuters."',
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="images",
        help_text="Its disclaimer is shown unless the picture has its own; it decides whether a credit is required.",
    )
    copyright = models.CharField(max_length=500, blank=True, help_text='e.g. "© 2026 Reuters". Not shown to readers.')
    source_url = models.URLField("source URL", max_length=500, blank=True)
    usage_rights = models.CharField(max_length=20, choices=UsageRights.choices, default=UsageRights.STAFF)
    rights_expire_at = models.DateTimeField(
        "rights expire at", null=True, blank=True, help_text="Leave empty when the rights do not expire."
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    focal_point_x = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right. Crops keep this point in frame.",
    )
    focal_point_y = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    import_ref = import_ref_field()
    # {spec: [file name, width, height]} of the renditions made, kept by media.renditions: a page draws a
    # picture without asking the database for its renditions.
    rendition_files = models.JSONField(default=dict, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(focal_point_x__isnull=True, focal_point_y__isnull=True)
                    | models.Q(focal_point_x__gte=0, focal_point_x__lte=1, focal_point_y__gte=0, focal_point_y__lte=1)
                ),
                name="image_focal_point_in_frame",
            ),
            unique_import_ref("image_unique_import_ref"),
        ]
        indexes = [models.Index(fields=["rights_expire_at"], name="image_rights_expiry_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Only media.renditions writes rendition_files: a form opened before the renditions were rebuilt
        # must not put back the names of files deleted since.
        if (
            not self._state.adding
            and not args
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "rendition_files"
            ]
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.credit_missing:
            errors["credit"] = (
                f"A credit is required: {self.agency} requires one."
                if self.agency_requires_credit
                else f"A credit is required for {self.get_usage_rights_display().lower()} images."
            )
        if (self.focal_point_x is None) != (self.focal_point_y is None):
            errors["focal_point_x"] = "Give both coordinates of the focal point, or neither."
        if errors:
            raise ValidationError(errors)

    @property
    def agency_requires_credit(self) -> bool:
        return bool(self.agency_id and self.agency.credit_required)

    @property
    def credit_required(self) -> bool:
        """A credit must be shown with it: its agency requires one, or its usage rights do."""
        return self.agency_requires_credit or self.usage_rights in CREDITED_RIGHTS

    @property
    def credit_missing(self) -> bool:
        """The credit is required and empty (spaces alone are empty); Image.objects.credit_missing() for lists."""
        return self.credit_required and not self.credit.strip()

    def rights_expired_at(self, at=None):
        """Whether the usage rights have ended by `at` (default: now)."""
        return self.rights_expire_at is not None and self.rights_expire_at <= (at or timezone.now())

    @property
    def rights_expired(self):
        return self.rights_expired_at()

    @property
    def shareable(self):
        """Its licence lets it go to third parties (feeds, social cards, search engines) and its rights are current."""
        return (self.agency is None or self.agency.may_redistribute) and not self.rights_expired

    @property
    def shown_disclaimer(self):
        """The picture's own disclaimer, else its agency's; nothing once the rights have expired."""
        if self.rights_expired:
            return ""
        if self.disclaimer:
            return self.disclaimer
        return self.agency.disclaimer if self.agency_id else ""

    def public_uses(self) -> list[tuple]:
        """(place, holder) for each public place that shows this picture: the one-picture twin of in_public_use()."""
        uses = []
        for place in PUBLIC_PLACES.values():
            shows = functools.reduce(operator.or_, (models.Q(**{field: self.pk}) for field in place.image_fields))
            uses += [(place, holder) for holder in place.holders().filter(shows).distinct()]
        return uses

    @property
    def focal_point(self):
        if self.focal_point_x is None or self.focal_point_y is None:
            return None
        return (self.focal_point_x, self.focal_point_y)


class Rendition(models.Model):
    """One resized copy of an image, made by media.renditions for a named spec."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=50)
    file = models.ImageField(upload_to=rendition_upload_to)  # width and height come from the renderer
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["image", "spec"], name="rendition_unique_spec")]

    def __str__(self):
        return f"{self.image} ({self.spec})"

    @property
    def url(self):
        return self.file.url
