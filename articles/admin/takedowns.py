"""The article list's "Take down for good (410 Gone)": the editor gives the reason readers will be told."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from articles import services
from articles.models import Article

SELECTED = "take_down_article_ids"


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Shown to readers at the article's address, e.g. “This article was removed for legal reasons.”",
    )


class TakeDownActions:
    """For ArticleAdmin: the action, and the page asking for the reason."""

    @admin.action(description="Take down for good (410 Gone)…", permissions=["publish"])
    def take_down(self, request, queryset):
        request.session[SELECTED] = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return redirect("admin:articles_article_take_down")

    def get_urls(self):
        view = self.admin_site.admin_view(self.take_down_view)
        return [path("take-down/", view, name="articles_article_take_down"), *super().get_urls()]

    def take_down_view(self, request):
        if not services.can_publish(request.user):
            raise PermissionDenied
        ids = [value for value in request.session.get(SELECTED, "").split(",") if value.isdigit()]
        articles = list(Article.objects.filter(pk__in=ids))
        form = TakeDownForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = 0
            for article in articles:
                try:
                    services.article_take_down(article=article, by=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except (PermissionDenied, ValidationError) as error:
                    message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                    self.message_user(request, f"“{article}”: {message}", messages.ERROR)
            if done:
                self.message_user(request, f"{done} article(s) taken down: their addresses answer 410 Gone.")
            request.session.pop(SELECTED, None)
            return redirect("admin:articles_article_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "articles": articles,
            "title": "Take down for good",
        }
        return TemplateResponse(request, "admin/articles/article/take_down.html", context)
