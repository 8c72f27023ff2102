from django.db import models


class DeletedArticle(models.Model):
    """An article readers had seen, since deleted: partners syncing are told to take it down."""

    article_id = models.BigIntegerField(unique=True)
    deleted_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"article {self.article_id}, deleted {self.deleted_at:%Y-%m-%d %H:%M}"
