from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse

from authors import services
from authors.models import Author, AuthorLink


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Author.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this author",
        error_messages={"required": "Choose the author to keep.", "invalid_choice": "Choose one of these authors."},
    )

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = authors


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["photo"]
    raw_id_fields = ["user"]
    inlines = [AuthorLinkInline]
    actions = ["merge_authors"]

    @admin.action(description="Merge selected authors into…", permissions=["delete"])
    def merge_authors(self, request, queryset):
        authors = queryset.annotate(article_count=Count("bylines")).order_by("name", "pk")
        if len(authors) < 2:
            self.message_user(request, "Select at least two authors to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, authors=authors)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                moved = services.authors_merge(keep=keep, others=list(authors), by=request.user)
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, message, messages.ERROR)
                return None
            self.message_user(
                request,
                f"Merged {len(authors) - 1} author(s) into “{keep}”: {moved} article(s) moved to their byline.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge authors",
            "opts": self.model._meta,
            "authors": authors,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/authors/author/merge.html", context)
