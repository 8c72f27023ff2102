"""The admin site: Django's, with every model admin's search bounded.

Django's admin search adds a condition per word typed; a search of a thousand words makes a query SQLite
refuses ("Expression tree is too large") and PostgreSQL works hard at. Only the first MAX_SEARCH_WORDS words
are searched, in every model admin registered, the project's and other apps' (users, tags, axes) alike.
"""

from itertools import islice

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.text import smart_split

MAX_SEARCH_WORDS = 20


def bounded_search(search_term: str) -> str:
    """The first MAX_SEARCH_WORDS words (or "quoted phrases") of an admin search."""
    return " ".join(islice(smart_split(search_term), MAX_SEARCH_WORDS))


class BoundedSearch:
    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, bounded_search(search_term))


class NewsroomAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, BoundedSearch):
            bounded = {"__module__": admin_class.__module__}
            admin_class = type(admin_class.__name__, (BoundedSearch, admin_class), bounded)
        super().register(model_or_iterable, admin_class, **options)


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"
