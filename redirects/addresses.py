"""Addresses as redirects keep them, whatever form an editor, a CSV file or an old site's link gives them."""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from redirects.models import NEW_PATH_LENGTH, OLD_PATH_LENGTH


def old_address(value: str) -> str:
    """The path (and query, its parameters sorted) readers arrive at, decoded as Django hands it to views.

    A full address keeps only its path and query: the old site's host is this site now."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Enter the old address, e.g. /2024/05/01/old-slug/.", code="required")
    _refuse_unsafe(text)
    parts = urlsplit(text)
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise ValidationError(f"“{text}” is not a web address.", code="invalid")
    if not parts.scheme and not text.startswith("/"):
        raise ValidationError(f"“{text}” must start with / (or be a full address).", code="invalid")
    address = _local(parts)
    if len(address) > OLD_PATH_LENGTH:
        raise ValidationError(f"An old address may be at most {OLD_PATH_LENGTH} characters long.", code="max_length")
    return address


def new_address(value: str) -> str:
    """A path on this site (decoded, as old_address) or a full http(s) address elsewhere, kept as given."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Enter where readers are sent, or choose 410 Gone.", code="required")
    _refuse_unsafe(text)
    if text.startswith("//"):
        raise ValidationError(f"“{text}” names no scheme: write https://… for another site.", code="invalid")
    if text.startswith("/"):
        address = _local(urlsplit(text))
    else:
        URLValidator(schemes=["http", "https"], message=f"“{text}” is neither a path (/…) nor a web address.")(text)
        address = text
    if len(address) > NEW_PATH_LENGTH:
        raise ValidationError(f"A new address may be at most {NEW_PATH_LENGTH} characters long.", code="max_length")
    return address


def storable(address: str) -> bool:
    """Whether old_address() could keep this decoded address: one it could not is never looked up either."""
    return len(address) <= OLD_PATH_LENGTH and not _unsafe(address)


def _unsafe(text: str) -> bool:
    # Control characters (PostgreSQL refuses a NUL even in a query) and backslashes, which browsers read as "/".
    return any(character < " " or character in "\x7f\\" for character in text)


def _refuse_unsafe(text: str) -> None:
    # Before urlsplit(), which drops line breaks and tabs without a word.
    if _unsafe(text):
        raise ValidationError(
            "An address may not hold control characters (line breaks, tabs) or backslashes.", code="invalid"
        )


def _local(parts) -> str:
    path = unquote(parts.path) or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    _refuse_unsafe(path)  # %0A decoded
    return f"{path}?{query}" if query else path


def is_local(address: str) -> bool:
    return address.startswith("/")
