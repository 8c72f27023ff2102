from django.conf import settings

from articles import dependencies
from articles.models import Page, Section


def site(request):
    """The site name, the section navigation and the footer's pages, on every page."""
    dependencies.add(request, [dependencies.NAV])
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_sections": Section.objects.all(),
        "footer_pages": Page.objects.filter(is_published=True, show_in_footer=True),
    }
