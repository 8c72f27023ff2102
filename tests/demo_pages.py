"""One address per public page type in the demo content (manage.py load_demo)."""

from articles.demo_content import REFERENCE_SLUG
from articles.models import Article

DEMO_PAGES = {
    "home": "/",
    "article": None,  # the reference article, whose address depends on the time zone: see demo_page_urls()
    "section": "/section/asia/",
    "tag": "/tag/taiwan/",
    "author": "/authors/nikhil-chauhan/",
    "search": "/search/?q=Taiwan",
    "date archive": "/2025/10/22/",
    "static page": "/about/",
}


def demo_page_urls():
    return {**DEMO_PAGES, "article": Article.objects.get(slug=REFERENCE_SLUG).get_absolute_url()}
