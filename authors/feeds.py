"""RSS 2.0 and Atom feeds of an author's published articles, at the author's page address + rss/ or atom/."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from articles.feeds import ArticleFeed, AtomWithMedia
from authors.models import Author


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def filter_articles(self, articles, author):
        return articles.filter(authors=author)

    def link(self, author):
        return author.get_absolute_url()

    def about(self, author):
        return f"The latest articles by {author.name} for {settings.SITE_NAME}."


class AuthorAtomFeed(AuthorFeed):
    feed_type = AtomWithMedia
