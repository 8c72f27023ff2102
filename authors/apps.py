from django.apps import AppConfig
from django.urls import reverse


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from articles import addresses, dependencies, signals
        from authors.models import Author, AuthorLink
        from authors.places import AUTHOR_PAGES
        from media.places import register

        # An author's name, photo and links are on their page and in every byline.
        signals.watch(Author, dependencies.author_changed)
        signals.watch(AuthorLink, dependencies.author_link_changed)
        # An author's page and feeds are public from the start: a new slug redirects from the old one.
        addresses.follow(
            Author,
            addresses.Followed(
                addresses=lambda author: [
                    reverse(name, args=[author.slug])
                    for name in ("authors:detail", "authors:feed_rss", "authors:feed_atom")
                ],
                was_public=lambda author: True,
            ),
        )
        register(AUTHOR_PAGES)
