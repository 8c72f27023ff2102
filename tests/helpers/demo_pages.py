"""One address per public page type in the demo content (manage.py load_demo)."""

from articles.models import Article
from demo.content import REFERENCE_SLUG, STORIES
from demo.management.commands.load_demo import story_slug

# The demo story with a library picture in its body.
FIGURE_SLUG = next(story_slug(story) for story in STORIES if story.get("body_image"))

DEMO_PAGES = {
    "home": "/",
    "article": None,  # the reference article, whose address depends on the time zone: see demo_page_urls()
    "article with a picture in the body": None,  # likewise
    "section": "/section/asia/",
    "tag": "/tag/taiwan/",
    "author": "/authors/nikhil-chauhan/",
    "search": "/search/?q=Taiwan",
    "date archive": "/2025/10/22/",
    "static page": "/about/",
    "content API": "/api/",
}


def demo_page_urls():
    return {
        **DEMO_PAGES,
        "article": Article.objects.get(slug=REFERENCE_SLUG).get_absolute_url(),
        "article with a picture in the body": Article.objects.get(slug=FIGURE_SLUG).get_absolute_url(),
    }
