"""Tags: editors create, rename, merge and delete them; reporters attach the tags there are."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from articles import services
from common.slugs import validate_slug


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "The tag's address, /tag/<slug>/. Left blank, it is made from the name."
        self.fields["slug"].validators.append(validate_slug)

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
