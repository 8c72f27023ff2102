"""The article admin: the list, the change form with its bylines and corrections, the workflow actions and
the revision history (django-reversion)."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html_join
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from taggit.models import Tag

from articles import services
from articles.admin.csp import EditorScriptNonce
from articles.admin.forms import ArticleAdminForm, TagAutocomplete
from articles.admin.takedowns import TakeDownActions
from articles.local_times import local_datetime
from articles.models import Article, Byline, Correction
from media.admin import thumbnail_html

# Content an editor can restore from an earlier revision. Workflow state, counters
# and bookkeeping are never rolled back by a revert.
REVERTIBLE_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "section_id",
    "lead_image_id",
    "lead_image_caption",
    "seo_title",
    "seo_description",
    "is_featured",
]


class VisibilityFilter(admin.SimpleListFilter):
    title = "visible to readers"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("hidden", "Not visible")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset & Article.objects.published()
        if self.value() == "scheduled":
            return queryset & Article.objects.scheduled()
        if self.value() == "hidden":
            return queryset.exclude(pk__in=Article.objects.published().values("pk"))
        return queryset


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name_plural = "byline (in order)"

    # A byline is part of its article, not a record of its own (the roles grant no
    # Byline permissions): whoever may change the article may change its byline.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article") or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.has_perm("articles.change_article")
        return services.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


def byline_asked_for(article, formset) -> list[tuple]:
    """[(author, role)] as the byline formset asks for it: the stored rows it changes or deletes, then the new ones,
    in the order of their positions. Writes nothing: save(commit=False) only records the change for the log."""
    formset.save(commit=False)
    deleted = {byline.pk for byline in formset.deleted_objects}
    changed = {byline.pk: byline for byline, _ in formset.changed_objects}
    stored = article.bylines.select_related("author")
    rows = [changed.get(byline.pk, byline) for byline in stored if byline.pk not in deleted] + formset.new_objects
    rows.sort(key=lambda byline: (byline.position, byline.pk is None, byline.pk or 0))
    return [(byline.author, byline.role) for byline in rows]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]

    def has_change_permission(self, request, obj=None):
        # A published correction is a record; it is not edited afterwards.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Shown in the form's History section, never edited there: the services keep them.
HISTORY_FIELDS = ["first_published_at", "updated_at", "view_count", "created_by", "last_edited_by", "import_ref"]


@admin.register(Article)
class ArticleAdmin(TakeDownActions, EditorScriptNonce, CompareVersionAdmin):
    form = ArticleAdminForm
    list_display = ["thumbnail", "headline", "section", "state", "publish_time", "byline", "view_count"]
    list_display_links = ["thumbnail", "headline"]
    list_filter = ["status", VisibilityFilter, "section", "authors", "tags", "is_featured"]
    list_select_related = ["section", "lead_image"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["lead_image"]
    readonly_fields = ["significantly_updated_at", *HISTORY_FIELDS]
    inlines = [BylineInline, CorrectionInline]
    actions = ["submit_for_review", "publish", "unpublish", "take_down"]
    save_on_top = True
    compare_exclude = ["updated_at"]  # every save changes it: not a difference worth showing
    # With 100,000 articles a second COUNT(*) of the whole table on every page load is wasted time.
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "section", "tags", "base_version"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_caption"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "expire_at",
                    "significantly_updated_at",
                    "significant_update",
                    "is_featured",
                ]
            },
        ),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("History", {"fields": HISTORY_FIELDS}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("body")  # the list never shows it, and bodies are most of an article's bytes
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "lead_image__renditions",
            )
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # taggit's field is not a ManyToManyField, so autocomplete_fields cannot reach it.
            widget = TagAutocomplete(db_field, self.admin_site)
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                widget=RelatedFieldWidgetWrapper(
                    widget,
                    db_field.remote_field,
                    self.admin_site,
                    can_add_related=services.can_manage_tags(request.user, "add"),
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        if request.user.has_perm("articles.add_correction") and obj is not None:
            return [BylineInline, CorrectionInline]
        return [BylineInline]

    @admin.display(description="")
    def thumbnail(self, obj):
        return thumbnail_html(obj.lead_image, width=64)

    @admin.display(description="Status", ordering="status")
    def state(self, obj):
        return obj.visibility.label

    @admin.display(description="Publish at", ordering="publish_at")
    def publish_time(self, obj):
        return local_datetime(obj.publish_at)

    @admin.display(description="Byline")
    def byline(self, obj):
        return format_html_join(", ", "{}", ((author.name,) for author in obj.byline_authors))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or services.can_view(request.user, obj))

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def has_recover_permission(self, request):
        """Bringing back a deleted article is for editors."""
        return self.has_add_permission(request) and services.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj,
            by=request.user,
            base_version=form.cleaned_data.get("base_version"),
            significant_update=form.cleaned_data.get("significant_update", False),
        )

    def log_change(self, request, obj, message):
        super().log_change(request, obj, message)
        if getattr(request, "_revert_to", None) is not None:
            reversion.set_comment(
                f"Reverted to the version of {request._revert_to.revision.date_created:%Y-%m-%d %H:%M}"
            )

    def save_related(self, request, form, formsets, change):
        """The byline and the tags go through services.article_set_credits, new corrections through correction_add."""
        bylines = None
        for formset in formsets:
            if formset.model is Byline:
                bylines = byline_asked_for(form.instance, formset)
            elif formset.model is Correction:
                for correction in formset.save(commit=False):
                    services.correction_add(
                        article=form.instance, by=request.user, text=correction.text, kind=correction.kind
                    )
        services.article_set_credits(
            article=form.instance, by=request.user, bylines=bylines, tags=form.cleaned_data.get("tags")
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The form checked first; this is a save that lost a race (a stale version, a slug taken
            # meanwhile). The transaction was rolled back, so nothing was written.
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Open the edit form filled with an earlier revision's content; saving it goes through the usual checks."""
        request._revert_to = get_object_or_404(
            Version.objects.get_for_object_reference(self.model, object_id), pk=version_id
        )
        context = {"title": f"Revert to the version of {request._revert_to.revision.date_created:%Y-%m-%d %H:%M}"}
        return self.change_view(request, object_id, request.path, {**context, **(extra_context or {})})

    def compare_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        # Only the last version of a deleted article: not a version of another model, nor of an article that exists.
        get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        version = getattr(request, "_revert_to", None)
        if article is not None and version is not None:
            saved = version.field_dict
            for name in REVERTIBLE_FIELDS:
                if name in saved:
                    setattr(article, name, saved[name])
        return article

    def _run_action(self, request, queryset, service, done):
        count = 0
        for article in queryset:
            try:
                service(article=article, by=request.user)
                count += 1
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"“{article}”: {message}", messages.ERROR)
        if count:
            self.message_user(request, f"{count} article(s) {done}.", messages.SUCCESS)

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run_action(request, queryset, services.article_submit_for_review, "submitted for review")

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        self._run_action(request, queryset, services.article_publish, "published")

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run_action(request, queryset, services.article_unpublish, "unpublished")
