"""{% article_body article %}: the stored body, with each library picture drawn as the article page draws pictures.

The body keeps a figure as the editor wrote it (<figure><img data-file="ID" …><figcaption>…</figcaption></figure>);
readers get the image's renditions, its credit and disclaimer, or the placeholder once its rights have expired.
A picture deleted from the library since leaves nothing behind.
"""

import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.html import IMG_TAG, img_attributes, picture_id

register = template.Library()

# A figure as the editor makes it, or (hand-written HTML; the editor always makes figures) an <img> alone.
PICTURE = re.compile(
    rf"<figure>\s*(?P<img>{IMG_TAG.pattern})\s*(?:<figcaption>(?P<caption>.*?)</figcaption>)?\s*</figure>"
    rf"|(?P<lone_img>{IMG_TAG.pattern})",
    re.S,
)


def render_body(body: str, images: dict) -> str:
    """`body` with every library picture in it rendered in one pass; `images` maps ids to images."""

    def picture(match):
        attributes = img_attributes(match["img"] or match["lone_img"])
        # A body stored before ids were checked may hold any digits: they name no picture.
        image = images.get(picture_id(attributes.get("data-file")))
        if image is None:
            return ""
        context = {
            "image": image,
            "alt": attributes.get("alt") or image.alt_text,  # unescaped text, escaped again by the template
            "caption": mark_safe(match["caption"] or ""),  # a fragment of the sanitized body
        }
        return render_to_string("includes/body_figure.html", context).strip()

    return PICTURE.sub(picture, body)


@register.simple_tag
def article_body(article):
    if "data-file" not in article.body:
        return mark_safe(article.body)
    return mark_safe(render_body(article.body, article.body_images()))
