from django.conf import settings

from articles.models import Section


def site(request):
    """The site name and the section navigation, on every page."""
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": Section.objects.all()}
