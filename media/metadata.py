"""Credit, caption and copyright read from a picture file's IPTC, XMP and EXIF metadata.

Agencies and cameras write who took a picture and who owns it into the file; reading it on upload
saves the editor typing it and keeps the provenance right. The reading is best-effort: a file whose
metadata is garbled, oversized or hostile is still accepted, with nothing taken from it. None of it
reaches readers' copies: renditions are saved without metadata (media.renditions).
"""

import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from PIL import Image as PILImage
from PIL import IptcImagePlugin

# Where each field comes from, best source first. Keys: (IPTC record, dataset), XMP local names, EXIF tags.
IPTC_BYLINE, IPTC_CREDIT, IPTC_COPYRIGHT, IPTC_CAPTION = (2, 80), (2, 110), (2, 116), (2, 120)
IPTC_CHARSET = (1, 90)
EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298

# Longest text kept per field: the model's limits (credit, copyright) or a generous paragraph (caption).
FIELD_LIMITS = {"credit": 255, "caption": 2000, "copyright": 500}
PREFILLED_FIELDS = tuple(FIELD_LIMITS)

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")


def clean_text(value, limit: int) -> str:
    """`value` (bytes or text) as trimmed, single-spaced-at-the-ends text of at most `limit` characters."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    if not isinstance(value, str):
        return ""
    value = _CONTROL_CHARACTERS.sub(" ", value).strip()
    return value[:limit].strip()


def read_iptc(picture) -> dict:
    info = IptcImagePlugin.getiptcinfo(picture) or {}
    # 1:90 declares the character set; UTF-8 ("ESC % G") or not, clean_text tries UTF-8 first, then Latin-1,
    # which is what files without the declaration mostly hold.
    found = {
        "byline": info.get(IPTC_BYLINE),
        "credit": info.get(IPTC_CREDIT),
        "copyright": info.get(IPTC_COPYRIGHT),
        "caption": info.get(IPTC_CAPTION),
    }
    return {key: value for key, value in found.items() if value}


def _xmp_text(value):
    """The first text in an XMP value as Pillow nests it: rdf:Seq/Bag/Alt of rdf:li, language alternatives."""
    for _ in range(10):  # the nesting is shallow in any real file
        if isinstance(value, list):
            value = value[0] if value else ""
        elif isinstance(value, dict):
            for key in ("Seq", "Bag", "Alt", "li", "text"):
                if key in value:
                    value = value[key]
                    break
            else:
                return ""
        else:
            return value if isinstance(value, str) else ""
    return ""


def read_xmp(picture) -> dict:
    xmp = picture.getxmp()  # parsed with defusedxml: entity declarations raise instead of expanding
    descriptions = xmp.get("xmpmeta", {}).get("RDF", {}).get("Description", [])
    if isinstance(descriptions, dict):
        descriptions = [descriptions]
    found = {}
    for description in descriptions:
        if not isinstance(description, dict):
            continue
        for key, name in (("creator", "creator"), ("rights", "copyright"), ("description", "caption")):
            if name not in found and (text := _xmp_text(description.get(key))):
                found[name] = text
        if "credit" not in found and (text := _xmp_text(description.get("Credit"))):
            found["credit"] = text
    return found


def read_exif(picture) -> dict:
    exif = picture.getexif()
    found = {
        "artist": exif.get(EXIF_ARTIST),
        "copyright": exif.get(EXIF_COPYRIGHT),
        "caption": exif.get(EXIF_DESCRIPTION),
    }
    return {key: value for key, value in found.items() if value}


def read_metadata(file) -> dict:
    """The credit, caption and copyright found in the picture `file`, trimmed and capped; absent when not found."""
    position = file.tell() if hasattr(file, "tell") else None
    sources = {}
    try:
        file.seek(0)
        with PILImage.open(file) as picture:
            for name, reader in (("iptc", read_iptc), ("xmp", read_xmp), ("exif", read_exif)):
                try:
                    sources[name] = reader(picture)
                # Garbled metadata must not lose the upload: that source is ignored.
                except (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                        ParseError, DefusedXmlException, RecursionError):  # fmt: skip
                    sources[name] = {}
    except (OSError, ValueError):
        return {}
    finally:
        if position is not None:
            file.seek(position)
    iptc, xmp, exif = sources.get("iptc", {}), sources.get("xmp", {}), sources.get("exif", {})
    candidates = {
        "credit": [iptc.get("credit"), xmp.get("credit"), iptc.get("byline"), exif.get("artist"), xmp.get("creator")],
        "caption": [iptc.get("caption"), xmp.get("caption"), exif.get("caption")],
        "copyright": [iptc.get("copyright"), xmp.get("copyright"), exif.get("copyright")],
    }
    found = {}
    for field, values in candidates.items():
        for value in values:
            if text := clean_text(value, FIELD_LIMITS[field]):
                found[field] = text
                break
    return found


def prefill(values: dict, file) -> dict:
    """The fields of `values` left blank that the file's metadata can fill: {field: text}."""
    blank = [field for field in PREFILLED_FIELDS if not (values.get(field) or "").strip()]
    if not blank:
        return {}
    found = read_metadata(file)
    return {field: found[field] for field in blank if field in found}
