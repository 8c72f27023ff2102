from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from api.takedowns import article_came_back, article_deleted
        from articles.models import Article

        post_delete.connect(article_deleted, sender=Article, dispatch_uid="api.article_deleted")
        post_save.connect(article_came_back, sender=Article, dispatch_uid="api.article_came_back")
