"""Deleted articles, remembered for the sync: a partner that showed one must hear that it is gone."""

from django.utils import timezone

from api.models import DeletedArticle


def article_deleted(sender, instance, **kwargs):
    if instance.has_gone_out:
        DeletedArticle.objects.update_or_create(
            article_id=instance.pk, defaults={"deleted_at": timezone.now(), "section_id": instance.section_id}
        )


def article_came_back(sender, instance, created, raw=False, **kwargs):
    """A deleted article recovered from its history comes back under its old id."""
    if created:
        DeletedArticle.objects.filter(article_id=instance.pk).delete()
