"""{% article_card article heading_level=3 is_lead=True %}: an article's card, drawn once and reused while what it shows
stays the same.

A card is kept in this process's memory under a digest of everything it shows (headline, address, section, lead
picture and its renditions, whether the picture's rights have expired, byline), so a change to any of it makes a new
card and no change can leave an old one in use: nothing needs purging. Drawing a card is most of the cost of a
listing page; a home page shows about forty.
"""

import hashlib
import threading
from collections import OrderedDict

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import dependencies
from common.dependencies import image_keys, shown

register = template.Library()

CARDS_KEPT = 5000  # about 1 KB each


class Cards:
    def __init__(self):
        self.lock = threading.Lock()
        self.kept = OrderedDict()

    def get(self, key):
        with self.lock:
            html = self.kept.get(key)
            if html is not None:
                self.kept.move_to_end(key)
            return html

    def keep(self, key, html):
        with self.lock:
            self.kept[key] = html
            while len(self.kept) > CARDS_KEPT:
                self.kept.popitem(last=False)

    def clear(self):
        with self.lock:
            self.kept.clear()


cards = Cards()


def card_key(article, heading_level, is_lead) -> bytes:
    """A digest of all the card shows: two cards with the same key are the same HTML."""
    image = article.lead_image
    picture = image and (image.pk, image.alt_text, image.rendition_files, image.rights_expired)
    if hasattr(article, "bylines_json"):  # as for_listing() read them: nothing to build for a card drawn already
        bylines = article.bylines_json
    else:
        bylines = [(line.role, line.author.pk, line.author.slug, line.author.name) for line in article.byline_list]
    shown = (
        article.pk, article.headline, article.slug, article.standfirst, article.publish_at, article.created_at,
        article.section.slug, article.section.name, picture, bylines, heading_level, is_lead,
        timezone.get_current_timezone_name(),
    )  # fmt: skip
    return hashlib.blake2b(repr(shown).encode(), digest_size=20).digest()


@register.simple_tag
def article_card(article, heading_level=None, is_lead=False):
    # What the card shows, declared for the page cache whether the card is drawn now or reused.
    shown(dependencies.card(article.pk), *(image_keys(article.lead_image) if article.lead_image_id else ()))
    key = card_key(article, heading_level, is_lead)
    html = cards.get(key)
    if html is None:
        context = {"article": article, "heading_level": heading_level, "is_lead": is_lead}
        html = get_template("includes/article_card.html").render(context)
        cards.keep(key, html)
    return mark_safe(html)
