from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import signals
        from articles.places import ARTICLES
        from media.places import register

        signals.connect()
        register(ARTICLES)
