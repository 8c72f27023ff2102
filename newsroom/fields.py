"""Fields several apps' models share."""

from django.db import models


def import_ref_field():
    """Where an imported row came from; `import_articles` finds it again by this on a re-import."""
    return models.CharField(
        "import reference",
        max_length=300,
        blank=True,
        default="",
        editable=False,
        help_text="The item's identity in the file it was imported from (e.g. wordpress:https://example.com:post:42).",
    )


def unique_import_ref(name):
    """Two rows may not come from the same source item; rows made here (an empty reference) are not compared."""
    return models.UniqueConstraint(fields=["import_ref"], condition=~models.Q(import_ref=""), name=name)
