from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import signals
        from articles.models import Article
        from articles.querysets import PICTURE_FIELDS
        from media.places import PublicPlace, register

        signals.connect()
        register(
            PublicPlace(
                label="published or scheduled articles",
                holders=lambda: Article.objects.live_or_scheduled(),
                image_fields=PICTURE_FIELDS,
                publish_time=lambda article: article.publish_at,
            )
        )
