"""Search-engine and social-card metadata for the article page: OpenGraph, Twitter and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.local_times import machine_time
from articles.models import BylineRole
from media.renditions import get_rendition

register = template.Library()

# Google ignores NewsArticle headlines longer than this.
HEADLINE_MAX_CHARS = 110
# The sizes of the files in static/img/: change them together.
LOGO = ("img/logo.png", 600, 60)
FALLBACK_IMAGE = ("img/og-default.png", 1200, 630)

# As django.utils.html.json_script: no "</script>" or "<!--" can close or confuse the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON that is safe to place between <script type="application/ld+json"> tags."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


@register.inclusion_tag("includes/article_meta.html", takes_context=True)
def article_meta(context, article):
    """Canonical link, OpenGraph, Twitter card and JSON-LD for `article`, from what for_detail() loaded."""
    request = context["request"]
    site_name = context.get("SITE_NAME", settings.SITE_NAME)
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    title = article.page_title
    description = article.page_description
    tags = [tag.name for tag in article.tag_list]
    published = machine_time(article.publish_at)
    # Readers are told "Updated" only for significant changes; a typo fix must not look like news.
    modified = machine_time(article.modified_at)

    logo_path, logo_width, logo_height = LOGO
    publisher = {
        "@type": "Organization",
        "name": site_name,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(logo_path)),
            "width": logo_width,
            "height": logo_height,
        },
    }

    def people(authors):
        return [
            {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in authors
        ]

    contributors = {role: people(authors) for role, _label, authors in article.byline_groups}
    authors = contributors.get(BylineRole.REPORTER, [])
    news_article = {
        "@type": "NewsArticle",
        "headline": Truncator(article.headline).chars(HEADLINE_MAX_CHARS),
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "author": authors or publisher,  # an unsigned piece is the publication's
        "publisher": publisher,
        "mainEntityOfPage": canonical_url,
        "articleSection": article.section.name,
        "keywords": tags,
        # schema.org CreativeWork properties: photographers are its contributors.
        "contributor": contributors.get(BylineRole.PHOTOGRAPHER),
        "editor": contributors.get(BylineRole.EDITOR),
        "translator": contributors.get(BylineRole.TRANSLATOR),
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": machine_time(correction.created_at),
            }
            for correction in article.correction_list
        ],
    }

    # Social cards and search engines are third parties: only a picture whose licence and rights allow it.
    if article.lead_image and article.lead_image.shareable:
        social = get_rendition(article.lead_image, "social-jpeg")
        large = get_rendition(article.lead_image, "w1600-jpeg")
        image = {
            "url": request.build_absolute_uri(social.url),
            "width": social.width,
            "height": social.height,
            "alt": article.lead_image.alt_text,
        }
        news_article["image"] = [image["url"], request.build_absolute_uri(large.url)]
    else:
        # Shares still get a card; search engines get no image rather than a logo posing as a photo.
        fallback_path, fallback_width, fallback_height = FALLBACK_IMAGE
        image = {
            "url": request.build_absolute_uri(static(fallback_path)),
            "width": fallback_width,
            "height": fallback_height,
            "alt": site_name,
        }

    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(
                [
                    ("Home", publisher["url"]),
                    (article.section.name, request.build_absolute_uri(article.section.get_absolute_url())),
                    (article.headline, canonical_url),
                ],
                start=1,
            )
        ],
    }
    graph = {
        "@context": "https://schema.org",
        "@graph": [{key: value for key, value in news_article.items() if value}, breadcrumbs],
    }
    return {
        "canonical_url": canonical_url,
        "site_name": site_name,
        "title": title,
        "description": description,
        "image": image,
        "published_time": published,
        "modified_time": modified,
        "section": article.section.name,
        "tags": tags,
        "json_ld": json_ld(graph),
    }
