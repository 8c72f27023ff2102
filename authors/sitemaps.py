"""The authors' pages in sitemap.xml: those with a published article, changed when the newest of them went out."""

from django.db.models import OuterRef

from articles.sitemaps import ListingSitemap, newest_publish_at
from authors.models import Author


class AuthorSitemap(ListingSitemap):
    def listings(self):
        return Author.objects.annotate(newest_publish_at=newest_publish_at(authors=OuterRef("pk")))
