from django import template

from common.dependencies import image_keys, shown
from media.renditions import get_rendition

register = template.Library()

# A neutral picture shown in place of one whose usage rights have expired (the size of static/img's file).
PLACEHOLDER = ("img/picture-unavailable.png", 1200, 675)
PLACEHOLDER_ALT = "Picture unavailable"


@register.simple_tag
def rendition(image, spec_name):
    """{% rendition image "w800-jpeg" as r %}: the rendition, made on first use."""
    if image is None:
        return None
    return get_rendition(image, spec_name)


def once_per_width(renditions):
    """Renditions are never enlarged, so a picture 800 pixels wide or less is that wide at every size; a srcset may
    name each width once."""
    widths = set()
    return [r for r in renditions if not (r.width in widths or widths.add(r.width))]


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class="", alt=""):
    """A responsive <picture>: WebP and JPEG at 800 and 1600 pixels wide, with width and height set.

    `alt` replaces the image's own alt text where this use of it needs other words.

    An image whose usage rights have expired is replaced by a neutral placeholder, at once.
    """
    if image is None:
        return {"image": None}
    if image.rights_expired:
        shown(*image_keys(image))
        path, width, height = PLACEHOLDER
        return {
            "placeholder": {"path": path, "width": width, "height": height, "alt": PLACEHOLDER_ALT},
            "css_class": css_class,
        }
    return {
        "image": image,
        "alt": alt or image.alt_text,
        "webp": once_per_width([get_rendition(image, "w800-webp"), get_rendition(image, "w1600-webp")]),
        "jpeg": once_per_width([get_rendition(image, "w800-jpeg"), get_rendition(image, "w1600-jpeg")]),
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }
