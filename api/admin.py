from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from api import services
from api.models import ApiKey, Webhook, WebhookDelivery
from api.webhooks import RefusedAddress, check_address


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


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label="address", assume_scheme="https", max_length=500, help_text=Webhook.url.field.help_text)
    events = forms.MultipleChoiceField(choices=Webhook.Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Webhook
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self):
        try:
            check_address(self.cleaned_data["url"])
        except RefusedAddress as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["url"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["name", "url", "is_active", "failing_since", "disabled_reason"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret", "failing_since", "disabled_reason", "recent_deliveries", "created_at", "created_by"]

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "is_active"]
        return fields if obj is None else [*fields, *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False  # made inactive, not deleted: its deliveries stay on record

    def save_model(self, request, obj, form, change):
        services.webhook_save(hook=obj, by=request.user)

    @admin.display(description="recent deliveries")
    def recent_deliveries(self, hook):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (f"{d.created_at:%Y-%m-%d %H:%M:%S}", d.get_event_display(), d.article_id, d.attempts,
                 "delivered" if d.delivered_at else (d.last_error or "waiting"),
                 f"{d.next_attempt_at:%H:%M:%S}" if d.next_attempt_at else "")
                for d in hook.deliveries.order_by("-created_at", "-pk")[:10]
            ),
        )  # fmt: skip
        everything = reverse("admin:api_webhookdelivery_changelist") + f"?webhook__id__exact={hook.pk}"
        return format_html(
            "<table><thead><tr><th>made</th><th>event</th><th>article</th><th>attempts</th><th>outcome</th>"
            '<th>next attempt</th></tr></thead><tbody>{}</tbody></table><p><a href="{}">All its deliveries</a></p>',
            rows,
            everything,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "webhook", "event", "article_id", "attempts", "last_status", "delivered_at",
                    "next_attempt_at"]  # fmt: skip
    list_filter = ["event", ("delivered_at", admin.EmptyFieldListFilter), "webhook"]
    list_select_related = ["webhook"]
    readonly_fields = ["webhook", "event", "article_id", "body", "created_at", "attempts", "next_attempt_at",
                       "delivered_at", "last_status", "last_error"]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
