from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = "Images"

    def ready(self):
        from media import signals  # noqa: F401
