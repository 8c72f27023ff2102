"""Removing files from storage once the rows that own them are gone.

This is housekeeping, not a business rule: a deleted image or rendition must not
leave a stray file behind, whichever way it was deleted (admin, cascade, shell).
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from media.models import Image, Rendition


@receiver(post_delete, sender=Image)
@receiver(post_delete, sender=Rendition)
def delete_file_after_commit(sender, instance, **kwargs):
    if instance.file.name:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
