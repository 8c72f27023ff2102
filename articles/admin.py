import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from js_asset import Media
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from articles import services
from articles.local_times import ZonedDateTimeField, local_datetime, zone_help_text
from articles.models import Article, Byline, Correction, Page, Section, Status
from articles.publishing import check_publishable
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


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "The tag's address, /tag/<slug>/. Left blank, it is made from the name."

    def clean_name(self):
        name = self.cleaned_data["name"]
        services.check_tag_name(name, exclude_pk=self.instance.pk)
        return name


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """Editors create, rename, merge and delete tags; reporters may only look them up to attach them."""

    form = TagAdminForm
    inlines = []  # taggit's raw (content type, object id) rows: articles are tagged in the article form
    prepopulated_fields = {}  # the service makes the slug, with a fallback for names without letters
    actions = ["merge_tags"]

    def has_add_permission(self, request):
        return services.can_manage_tags(request.user, "add")

    def has_change_permission(self, request, obj=None):
        return services.can_manage_tags(request.user, "change")

    def has_delete_permission(self, request, obj=None):
        return services.can_manage_tags(request.user, "delete")

    def save_model(self, request, obj, form, change):
        services.tag_save(tag=obj, by=request.user)

    @admin.action(description="Merge selected tags", permissions=["change", "delete"])
    def merge_tags(self, request, queryset):
        # The ids of the rows found, not what the form sent: the merge view reads them back.
        request.session["selected_tag_ids"] = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return redirect("admin:taggit_tag_merge_tags")

    def merge_tags_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        ids = [value for value in request.session.get("selected_tag_ids", "").split(",") if value.isdigit()]
        tags = Tag.objects.filter(pk__in=ids)
        form = MergeTagsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.tags_merge(tags=tags, into=form.cleaned_data["new_tag_name"], by=request.user)
            except ValidationError as error:
                form.add_error("new_tag_name", error.messages)
            else:
                self.message_user(request, "Tags have been merged", messages.SUCCESS)
                request.session.pop("selected_tag_ids", None)
                return redirect("admin:taggit_tag_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "selected_tag_ids": ids}
        return render(request, "admin/taggit/merge_tags_form.html", context)


class EditorScriptNonce:
    """Lets the prose editor's one inline script, its import map, run under the Content-Security-Policy.

    The policy admits no inline script but one carrying this response's nonce (settings.py).
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Page)
class PageAdmin(EditorScriptNonce, admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "show_in_footer", "position", "updated_at"]
    list_editable = ["position"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    view_on_site = True


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


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    significant_update = forms.BooleanField(
        label="This is a significant update (readers see “Updated”)",
        required=False,
        help_text="Tick it for new facts readers should know about, not for typo fixes: the article then shows "
        "“Updated” with the time of this save, and search engines and feed readers are told it changed.",
    )
    user = None  # set by ArticleAdmin.get_form()

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "section", "tags", "lead_image", "lead_image_caption",
            "status", "publish_at", "expire_at", "is_featured", "seo_title",
            "seo_description",
        ]  # fmt: skip
        field_classes = {"publish_at": ZonedDateTimeField, "expire_at": ZonedDateTimeField}
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_image_caption": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        for name in ("publish_at", "expire_at"):
            if name in self.fields:
                self.fields[name].help_text = f"{self.fields[name].help_text} {zone_help_text()}"
        status = self.fields.get("status")
        if status is not None and not services.can_publish(self.user):
            # Only a convenience: clean() and the service refuse the rest anyway.
            allowed = {Status.DRAFT, Status.IN_REVIEW, self.instance.status}
            status.choices = [choice for choice in status.choices if choice[0] in allowed]
            status.error_messages["invalid_choice"] = services.PUBLISH_REFUSED

    def clean_body(self):
        return services.body_pictures_resolve(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        old_status = Article.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        try:
            services.check_status_change(self.user, old_status or Status.DRAFT, cleaned.get("status"))
        except PermissionDenied:
            self.add_error("status", services.PUBLISH_REFUSED)
        if cleaned.get("status") == Status.PUBLISHED:
            # The service checks again; here its refusal becomes errors on the fields it names.
            going_out = old_status != Status.PUBLISHED or {"lead_image", "publish_at"} & set(self.changed_data)
            submitted = Article(
                lead_image=cleaned.get("lead_image"), body=cleaned.get("body", ""), publish_at=cleaned.get("publish_at")
            )
            try:
                check_publishable(submitted, already_out=None if going_out else self.instance)
            except ValidationError as refusal:
                for field, problems in refusal.message_dict.items():
                    for problem in problems:
                        self.add_error(field, problem)
        services.check_edit_conflict(article=self.instance, base_version=cleaned.get("base_version"))
        first_published_at = self.instance.first_published_at
        if cleaned.get("significant_update") and not (first_published_at and first_published_at <= timezone.now()):
            self.add_error("significant_update", services.NOT_YET_PUBLISHED)
        return cleaned


class TagAutocomplete(AutocompleteSelectMultiple):
    """Tags are chosen, not typed: a name sent instead of a tag's id is the field's error, shown without it."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [choice for choice in value if str(choice).isdigit()], attr)


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


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]

    def has_change_permission(self, request, obj=None):
        # A published correction is a record; it is not edited afterwards.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(EditorScriptNonce, CompareVersionAdmin):
    form = ArticleAdminForm
    list_display = ["thumbnail", "headline", "section", "state", "publish_time", "byline", "view_count"]
    list_display_links = ["thumbnail", "headline"]
    list_filter = ["status", VisibilityFilter, "section", "authors", "tags", "is_featured"]
    list_select_related = ["section", "lead_image"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_image"]
    readonly_fields = [
        "significantly_updated_at",
        "first_published_at",
        "updated_at",
        "view_count",
        "created_by",
        "last_edited_by",
        "import_ref",
    ]
    inlines = [BylineInline, CorrectionInline]
    actions = ["submit_for_review", "publish", "unpublish"]
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
        (
            "History",
            {
                "fields": [
                    "first_published_at",
                    "updated_at",
                    "view_count",
                    "created_by",
                    "last_edited_by",
                    "import_ref",
                ]
            },
        ),
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

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            services.correction_add(article=form.instance, by=request.user, text=correction.text, kind=correction.kind)

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
