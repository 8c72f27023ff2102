"""Fields several apps' models share, and one lookup every integer field gets."""

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.lookups import In

from common.slugs import validate_slug


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


def slug_field(*, max_length: int, help_text: str, validators=()):
    """An address's slug: unique, made from the name when left empty, in any script only where
    ALLOW_UNICODE_SLUGS is set (common.slugs.validate_slug, checked when it is typed)."""
    return models.SlugField(
        max_length=max_length,
        unique=True,
        blank=True,
        allow_unicode=True,
        validators=[validate_slug, *validators],
        help_text=help_text,
    )


def unique_import_ref(name):
    """Two rows may not come from the same source item; rows made here (an empty reference) are not compared."""
    return models.UniqueConstraint(fields=["import_ref"], condition=~models.Q(import_ref=""), name=name)


@models.IntegerField.register_lookup
class IntegerFieldIn(In):
    """`id__in=[...]` leaves out numbers no such column can hold, as Django's own `id=` and `id__gt=` do.

    Without it SQLite raises OverflowError for an id of 20 digits, so a forged admin form naming one (a tag,
    a lead image) or an autocomplete showing the form again ended in a server error instead of "not one of
    the available choices". Registered on import, and media.models imports this module."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not self.rhs:
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)
