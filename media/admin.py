from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from media.metadata import PREFILLED_FIELDS, prefill
from media.models import Agency, Image
from media.renditions import EDITOR_SPEC, get_rendition
from media.services import image_check_change, image_delete, image_refusal, image_save

EXPIRY_WARNING = timedelta(days=14)
PICKER_PAGE_SIZE = 24


def thumbnail_html(image, width=120):
    if image is None:
        return "—"
    thumb = get_rendition(image, "thumbnail-jpeg")
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}">',
        thumb.url,
        width,
        round(width * thumb.height / thumb.width),
        image.alt_text,
    )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "disclaimer_template", "credit_required", "may_redistribute"]
    list_filter = ["credit_required", "may_redistribute"]
    search_fields = ["name"]


class RightsExpiryFilter(admin.SimpleListFilter):
    title = "usage rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [("expiring", "Rights expiring in the next 14 days"), ("expired", "Rights expired")]

    def queryset(self, request, queryset):
        if self.value() == "expiring":
            return queryset & Image.objects.rights_expiring(EXPIRY_WARNING)
        if self.value() == "expired":
            return queryset & Image.objects.rights_expired()
        return queryset


class ImageAdminForm(forms.ModelForm):
    """Credit, caption and copyright left blank are taken from the uploaded file's metadata, when it has them."""

    taken_from_file: dict
    user = None  # set by ImageAdmin.get_form()

    class Meta:
        model = Image
        fields = ["file", *PREFILLED_FIELDS]  # the admin adds the others from its fieldsets

    def clean(self):
        cleaned = super().clean()
        self.taken_from_file = {}
        upload = cleaned.get("file")
        if upload and "file" in self.changed_data:
            # Before the model's validation, so that a credit an agency requires may come from the file.
            self.taken_from_file = prefill(cleaned, upload)
            cleaned.update(self.taken_from_file)
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was submitted
        # image_save() refuses the same; here its refusal becomes errors on the fields it names.
        try:
            image_check_change(image=self.instance, by=self.user)
        except ValidationError as refusal:
            self._update_errors(refusal)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = [
        "thumbnail", "title", "credit", "agency", "usage_rights", "rights_expire_at", "dimensions", "created_at",
    ]  # fmt: skip
    list_display_links = ["thumbnail", "title"]
    list_filter = [RightsExpiryFilter, "agency", "usage_rights", "created_at"]
    list_select_related = ["agency"]
    search_fields = ["title", "alt_text", "caption", "credit", "copyright", "agency__name"]
    autocomplete_fields = ["agency"]
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["preview", "dimensions", "uploaded_by", "created_at", "import_ref"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "alt_text", "caption"]}),
        (
            "Credit and rights",
            {
                "fields": [
                    "agency",
                    "credit",
                    "copyright",
                    "disclaimer",
                    "source_url",
                    "usage_rights",
                    "rights_expire_at",
                ],
                "description": "Credit, caption and copyright left empty are taken from the file's metadata.",
            },
        ),
        ("Cropping", {"fields": ["focal_point_x", "focal_point_y"], "classes": ["collapse"]}),
        ("Details", {"fields": ["dimensions", "uploaded_by", "created_at", "import_ref"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    # The same rule as media.services: editors change any picture, others their own while readers do not see it.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._refusal(request, obj, "change") is None)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._refusal(request, obj, "delete") is None)

    @staticmethod
    def _refusal(request, image, action):
        """media.services.image_refusal(), asked once per request: a page asks several times."""
        answers = request.__dict__.setdefault("_image_refusals", {})
        if (action, image.pk) not in answers:
            answers[action, image.pk] = image_refusal(request.user, image, action)
        return answers[action, image.pk]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perm("media.change_image"):
            refusal = self._refusal(request, obj, "change")
            if refusal:
                messages.info(request, f"{refusal} You can view it, not change it.")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_model(self, request, obj):
        image_delete(image=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image, by=request.user)

    def get_urls(self):
        picker = path("picker/", self.admin_site.admin_view(self.picker_view), name="media_image_picker")
        return [picker, *super().get_urls()]

    def picker_view(self, request):
        """The window the article editor's "Browse…" opens: choose a library picture for a figure in the body.

        Pictures whose rights have expired are listed but cannot be chosen.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        images = self.get_queryset(request).select_related("agency")
        query = request.GET.get("q", "").strip()[:200]
        if query:
            images = images.filter(
                models.Q(title__icontains=query)
                | models.Q(caption__icontains=query)
                | models.Q(credit__icontains=query)
            )
        page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Choose a picture",
            "is_popup": True,
            "page": page,
            "query": query,
            "func_num": request.GET.get("CKEditorFuncNum", ""),
            # The editor shows the 800-pixel rendition; readers get the picture drawn afresh from the image.
            "pictures": [(image, thumbnail_html(image, 200), get_rendition(image, EDITOR_SPEC)) for image in page],
        }
        return TemplateResponse(request, "admin/media/image/picker.html", context)

    @admin.display(description="Thumbnail")
    def thumbnail(self, obj):
        return thumbnail_html(obj, width=80)

    @admin.display(description="Preview")
    def preview(self, obj):
        return thumbnail_html(obj if obj.pk else None, width=320)

    @admin.display(description="Size", ordering="width")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        image_save(image=obj, by=request.user)
        taken = getattr(form, "taken_from_file", {})
        if taken:
            labels = {field: Image._meta.get_field(field).verbose_name for field in PREFILLED_FIELDS}
            messages.info(
                request,
                "Taken from the file: "
                + "; ".join(f"{labels[field]} “{value}”" for field, value in taken.items())
                + ".",
            )
