"""Sections and the pages editors keep outside the news flow (About, Contact, ...)."""

from django.contrib import admin

from articles.admin.csp import EditorScriptNonce
from articles.models import Page, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Page)
class PageAdmin(EditorScriptNonce, admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "show_in_footer", "position", "updated_at"]
    list_editable = ["position"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    view_on_site = True
