"""Slugs readable in every script: the one way a headline or a name becomes part of an address.

Addresses are ASCII unless ALLOW_UNICODE_SLUGS is set, so a headline in Greek, Chinese, Hindi or Thai is
transliterated first (text-unidecode: "Επίπεδο 2" is "epipedo-2", "台风逼近" is "tai-feng-bi-jin"), where Django's
slugify alone would drop every letter and keep the digits ("2"). With ALLOW_UNICODE_SLUGS, slugs keep their letters
("επίπεδο-2", "台风逼近"), and typed ones may hold them.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from text_unidecode import unidecode

ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
# Letters, digits and the marks that complete them: Django's slugify(allow_unicode=True) drops the vowel signs of
# Hindi or Thai ("दिल्ली" would be "दलल"), and \w does not match them.
SLUG_CATEGORIES = ("L", "N", "M")
ONLY_DIGITS = re.compile(r"[0-9]+\Z")


def readable_slug(text: str, *, max_length: int | None = None) -> str:
    """`text` as a slug, at most `max_length` long: "" when it has no letter or digit in any script, for the caller's
    fallback."""
    text = text or ""
    slug = unicode_slug(text) if settings.ALLOW_UNICODE_SLUGS else slugify(unidecode(text))
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug


def unicode_slug(text: str) -> str:
    """`text` lower-cased, its words joined by hyphens, in its own letters."""
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(c if _in_slug(c) else " " if c.isspace() or c in "-_" else "" for c in text)
    return "-".join(kept.split())


def _in_slug(character: str) -> bool:
    return unicodedata.category(character).startswith(SLUG_CATEGORIES)


def free_slug(base: str, queryset) -> str:
    """`base`, or the first of base-2, base-3, ... that no row of `queryset` uses."""
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def made_slug(text: str, queryset, *, fallback: str, max_length: int) -> str:
    """A free slug for a row named `text` (`fallback` when the name has no letter or digit: "🙂"), leaving room
    in `max_length` for free_slug's suffix."""
    return free_slug(readable_slug(text, max_length=max_length - 10) or fallback, queryset)


def slug_for(row, text: str, *, fallback: str) -> str:
    """A free slug for `row` made from `text`: the other rows of its model compared, its slug field's length kept."""
    model = type(row)
    others = model._default_manager.exclude(pk=row.pk) if row.pk else model._default_manager.all()
    return made_slug(text, others, fallback=fallback, max_length=model._meta.get_field("slug").max_length)


def validate_slug(value: str) -> None:
    """A typed slug: letters, digits, hyphens and underscores, in any script only where ALLOW_UNICODE_SLUGS is set."""
    if settings.ALLOW_UNICODE_SLUGS:
        if not value or not all(_in_slug(c) or c in "-_" for c in value):
            raise ValidationError("Use letters, numbers, hyphens or underscores only.", code="invalid")
    elif not ASCII_SLUG.match(value):
        raise ValidationError(
            "Use only the letters a–z, numbers, hyphens or underscores (addresses here are ASCII: "
            "ALLOW_UNICODE_SLUGS is not set).",
            code="invalid",
        )


def validate_not_only_digits(value: str) -> None:
    """An address of digits alone is a year's archive (/2025/): a page there would never be reached."""
    if ONLY_DIGITS.match(value):
        raise ValidationError("An address of digits alone is taken by the archive: add a word.", code="invalid")
