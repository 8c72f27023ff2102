from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from api import events, takedowns
        from articles.models import Article, Correction

        post_delete.connect(takedowns.article_deleted, sender=Article, dispatch_uid="api.article_deleted")
        post_save.connect(takedowns.article_came_back, sender=Article, dispatch_uid="api.article_came_back")
        post_save.connect(events.article_saved, sender=Article, dispatch_uid="api.events.article_saved")
        post_delete.connect(events.article_deleted, sender=Article, dispatch_uid="api.events.article_deleted")
        post_save.connect(events.correction_saved, sender=Correction, dispatch_uid="api.events.correction_saved")
