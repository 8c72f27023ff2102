from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from authors.models import Author
        from media.places import PublicPlace, register

        # Every author has a public page, active or not.
        register(PublicPlace(label="author pages", holders=Author.objects.all, image_fields=("photo",)))
