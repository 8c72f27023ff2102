"""{% article_body article %}: the stored body, with each library picture drawn as the article page draws pictures.

The body keeps a figure as the editor wrote it (<figure><img data-file="ID" …><figcaption>…</figcaption></figure>);
readers get the image's renditions, its credit and disclaimer, or the placeholder once its rights have expired.
A picture deleted from the library since leaves nothing behind.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.html import body_figures_replaced

register = template.Library()


def render_body(body: str, images: dict) -> str:
    """`body` with every library picture in it rendered in one pass; `images` maps ids to images."""

    def figure(image, alt, caption):
        context = {
            "image": image,
            "alt": alt or image.alt_text,  # unescaped text, escaped again by the template
            "caption": mark_safe(caption),  # a fragment of the sanitized body
        }
        return render_to_string("includes/body_figure.html", context).strip()

    return body_figures_replaced(body, images, figure)


@register.simple_tag
def article_body(article):
    if "data-file" not in article.body:
        return mark_safe(article.body)
    return mark_safe(render_body(article.body, article.body_images()))
