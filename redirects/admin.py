"""The redirects manager: editors add, change and delete redirects and 410s, see which are used, and move them
in and out as CSV (old_path,new_path,status,reason)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import construct_instance
from django.http import HttpResponse
from django.shortcuts import redirect as go_to
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from redirects import services
from redirects.models import Redirect

CSV_LIMIT_BYTES = 10 * 1024 * 1024


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "status", "new_path", "reason"]

    def _post_clean(self):
        # The service's check first: it writes the addresses as lookups need them, and says what is wrong in the
        # editor's words where the model's constraint would only say it is violated.
        if not self.errors:
            try:
                services.redirect_check(construct_instance(self, self.instance, self._meta.fields))
            except ValidationError as error:
                self._update_errors(error)
                return
        super()._post_clean()


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One redirect a line: old_path,new_path,status (301, 302 or 410) and, for a 410, the reason "
        "readers are told. A first line naming the columns is skipped. Existing old addresses are updated.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_LIMIT_BYTES:
            raise ValidationError(f"The file is larger than {CSV_LIMIT_BYTES // 1024 // 1024} MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.") from None


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target", "status", "hits", "last_hit_at", "origin"]
    list_filter = ["status", "origin"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["origin", "hits", "last_hit_at", "created_at", "created_by"]
    list_select_related = ["created_by"]
    change_list_template = "admin/redirects/redirect/change_list.html"

    @admin.display(description="new address", ordering="new_path")
    def target(self, redirect):
        return redirect.new_path or "—"

    def save_model(self, request, obj, form, change):
        services.redirect_save(redirect=obj, by=request.user)

    def delete_model(self, request, obj):
        services.redirect_delete(redirect=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for redirect in queryset:
            services.redirect_delete(redirect=redirect, by=request.user)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="redirects_redirect_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="redirects_redirect_export"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                counts = services.redirects_import(text=form.cleaned_data["file"], by=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self.message_user(
                    request,
                    "Imported: {created} added, {updated} changed, {unchanged} already as the file says.".format(
                        **counts
                    ),
                    messages.SUCCESS,
                )
                return go_to("admin:redirects_redirect_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": "Import redirects",
        }
        return TemplateResponse(request, "admin/redirects/redirect/import.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="redirects-{day}.csv"'
        services.redirects_export(response)
        return response
