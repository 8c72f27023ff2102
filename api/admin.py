from django.contrib import admin, messages
from django.template.response import TemplateResponse

from api import services
from api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scope", "expires_at", "per_minute", "revoked_at", "created_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix"]
    fields = ["name", "scope", "sections", "expires_at", "per_minute", "allowed_origins"]
    readonly_fields = ["prefix", "revoked_at", "created_at", "created_by"]
    filter_horizontal = ["sections"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the key stays on record

    def save_model(self, request, obj, form, change):
        sections = form.cleaned_data["sections"]
        if change:
            services.api_key_save(key=obj, by=request.user, sections=sections)
        else:
            obj.secret_once = services.api_key_create(key=obj, by=request.user, sections=sections)

    def save_related(self, request, form, formsets, change):
        pass  # the sections were set by the service

    def response_add(self, request, obj, post_url_continue=None):
        """The key, shown this once on a page of its own (never in a message, which may travel in a cookie)."""
        context = {**self.admin_site.each_context(request), "key": obj, "secret": obj.secret_once,
                   "opts": self.opts, "title": f"The API key for {obj.name}"}  # fmt: skip
        return TemplateResponse(request, "admin/api/apikey/created.html", context)

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(key=key, by=request.user)
        self.message_user(request, f"{queryset.count()} key(s) revoked.", messages.SUCCESS)
