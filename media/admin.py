from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from media.models import Image
from media.renditions import get_rendition
from media.services import image_save


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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "title", "credit", "usage_rights", "rights_expire_at", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["usage_rights", "created_at"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["preview", "dimensions", "uploaded_by", "created_at", "import_ref"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "alt_text", "caption"]}),
        ("Credit and rights", {"fields": ["credit", "disclaimer", "source_url", "usage_rights", "rights_expire_at"]}),
        ("Cropping", {"fields": ["focal_point_x", "focal_point_y"], "classes": ["collapse"]}),
        ("Details", {"fields": ["dimensions", "uploaded_by", "created_at", "import_ref"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

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
