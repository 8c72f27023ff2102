from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import addresses, purge, signals
        from articles.places import ARTICLES
        from media.places import register

        signals.connect()
        addresses.connect()
        post_migrate.connect(purge.purge_after_migrate, sender=self, dispatch_uid="page-cache-migrate")
        register(ARTICLES)
