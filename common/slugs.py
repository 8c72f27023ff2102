"""Slugs readable in every script: the one way a headline or a name becomes part of an address.

Addresses here are ASCII, so a headline in Greek, Chinese, Hindi or Thai is transliterated first (text-unidecode:
"Επίπεδο 2" is "epipedo-2", "台风逼近" is "tai-feng-bi-jin"), where Django's slugify alone would drop every letter
and keep the digits ("2")."""

from django.utils.text import slugify
from text_unidecode import unidecode


def readable_slug(text: str, *, max_length: int | None = None) -> str:
    """`text` as a slug of ASCII letters, digits and hyphens, at most `max_length` long ("" when it has no letter or
    digit in any script, for the caller's fallback)."""
    slug = slugify(unidecode(text or ""))
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug
