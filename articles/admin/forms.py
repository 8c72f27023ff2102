"""The article's change form: what it checks before the service does, so that refusals show on their fields."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError

from articles import services
from articles.local_times import ZonedDateTimeField, zone_help_text
from articles.models import Article, Status
from articles.publishing import check_publishable


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
        if cleaned.get("significant_update") and not self.instance.has_gone_out:
            self.add_error("significant_update", services.NOT_YET_PUBLISHED)
        return cleaned


class TagAutocomplete(AutocompleteSelectMultiple):
    """Tags are chosen, not typed: a name sent instead of a tag's id is the field's error, shown without it."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [choice for choice in value if str(choice).isdigit()], attr)
