from django.urls import path

from api.caching import cached_patterns
from api.views import CACHED, api

# Not named app_name: include("api.urls") would take it as this module's own namespace.
ninja_patterns, ninja_app, ninja_namespace = api.urls
urlpatterns = [path("api/v1/", (cached_patterns(ninja_patterns, CACHED), ninja_app, ninja_namespace))]
