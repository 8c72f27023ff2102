from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from articles import dependencies, signals
        from authors.models import Author, AuthorLink
        from authors.places import AUTHOR_PAGES
        from media.places import register

        # An author's name, photo and links are on their page and in every byline.
        signals.watch(Author, dependencies.author_changed)
        signals.watch(AuthorLink, dependencies.author_link_changed)
        register(AUTHOR_PAGES)
