from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from articles import signals
        from authors.models import Author, AuthorLink
        from media.places import PublicPlace, register

        # An author's name, photo and links are on their page and in every byline.
        signals.watch(Author)
        signals.watch(AuthorLink)
        # Every author has a public page, active or not.
        register(PublicPlace(label="author pages", holders=Author.objects.all, image_fields=("photo",)))
