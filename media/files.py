"""Files written by a block of work that fails are removed with it.

A transaction rolls rows back but not files: an import whose item fails after its
picture and renditions were stored would leave them behind. Inside
`discard_new_files_on_error()`, every image and rendition file saved in this thread is
noted, and deleted if the block ends with an exception: a new image's, and the new file
of an image whose picture was replaced. media.services.image_save() runs in such a block,
so every upload path (admin, imports, commands, demo) leaves nothing behind when it fails.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from media.models import Image, Rendition

_local = threading.local()


@contextmanager
def discard_new_files_on_error():
    outer = getattr(_local, "written", None)
    written = _local.written = []
    try:
        yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    else:
        if outer is not None:
            outer.extend(written)  # a nested block's files are the outer block's too
    finally:
        _local.written = outer


@receiver(pre_save, sender=Image)
def note_file_to_write(sender, instance, **kwargs):
    instance._writes_file = bool(instance.file) and not instance.file._committed


@receiver(post_save, sender=Image)
@receiver(post_save, sender=Rendition)
def note_written_file(sender, instance, created, **kwargs):
    written = getattr(_local, "written", None)
    if written is not None and (created or getattr(instance, "_writes_file", False)) and instance.file.name:
        written.append((instance.file.storage, instance.file.name))
