from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles import dependencies
from articles.navigation import navigation


def site(request):
    """The site name, the section navigation and the footer's pages, on every page (read only if it shows them)."""
    dependencies.add(request, [dependencies.NAV])
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: navigation(request).sections),
        "footer_pages": SimpleLazyObject(lambda: navigation(request).pages),
    }
