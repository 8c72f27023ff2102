from django.conf import settings
from django.shortcuts import render
from django.urls import path

from api.caching import cached_patterns
from api.views import api
from articles.page_cache import cache_for_readers


def examples(request):
    """The human page: what the API gives, and how to read it, with examples."""
    context = {
        "api_root": request.build_absolute_uri("/api/v1/"),
        "anonymous_per_minute": settings.API_ANONYMOUS_PER_MINUTE,
    }
    return render(request, "api/examples.html", context)


# Not named app_name: include("api.urls") would take it as this module's own namespace.
ninja_patterns, ninja_app, ninja_namespace = api.urls
urlpatterns = [
    path("api/", cache_for_readers(examples), name="api_examples"),
    path("api/v1/", (cached_patterns(ninja_patterns), ninja_app, ninja_namespace)),
]
