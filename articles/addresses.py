"""The addresses readers know each row by, followed when a save moves them: the old ones redirect to the new ones
for ever (redirects.services.address_moved), chains collapsed.

Bookkeeping of what readers had, like the page cache's purges, so it follows every write path (the admin, imports,
commands, the shell) from the same signals, with the row as it was before the save (articles.signals). Addresses
readers never saw (a draft's) leave no redirect. Apps that build on articles follow their own models from their
AppConfig.ready() (authors does).
"""

from dataclasses import dataclass

from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from taggit.models import Tag

from articles.choices import Visibility
from articles.models import Article, Page, Section
from articles.signals import remember_before
from redirects.services import address_moved, addresses_live


@dataclass(frozen=True)
class Followed:
    addresses: object  # row → [its page, its feeds…], in the same order for every row
    was_public: object  # row → whether readers could have found it at its addresses
    # row → whether readers find it there now; None where a save of the row never takes it off the site or back
    is_live: object = None


def listing_addresses(name: str, slug: str) -> list[str]:
    """A listing and its two feeds: feed readers subscribed to the old ones too."""
    return [reverse(f"articles:{name}", args=[slug]) for name in (name, f"{name}_feed_rss", f"{name}_feed_atom")]


def tag_is_public(tag) -> bool:
    return Article.objects.published().filter(tags=tag.pk).exists()


FOLLOWED = {
    Article: Followed(
        addresses=lambda article: [article.get_absolute_url()],
        was_public=lambda article: article.has_gone_out,
        is_live=lambda article: article.visibility == Visibility.LIVE,
    ),
    Section: Followed(
        addresses=lambda section: listing_addresses("section", section.slug),
        was_public=lambda section: True,
    ),
    # A tag is public while live articles carry it: their saves, not its own, change that.
    Tag: Followed(addresses=lambda tag: listing_addresses("tag", tag.slug), was_public=tag_is_public),
    Page: Followed(
        addresses=lambda page: [page.get_absolute_url()],
        was_public=lambda page: page.is_published,
        is_live=lambda page: page.is_published,
    ),
}


def moved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    before = getattr(instance, "_row_before", None)
    if before is None:
        return
    followed = FOLLOWED[sender]
    old, new = followed.addresses(before), followed.addresses(instance)
    if old != new and followed.was_public(before):
        for old_address, new_address in zip(old, new, strict=True):
            address_moved(old_address, new_address)
    elif followed.is_live and followed.is_live(instance) and not followed.is_live(before):
        # Back on the site (republished after a takedown): nothing left at its address may send readers away.
        addresses_live(new)


def rows_merged(model, rows, into) -> None:
    """`rows` were merged `into` one: their readers are sent to it."""
    followed = FOLLOWED[model]
    for row in rows:
        if row.pk != into.pk and followed.was_public(row):
            for old_address, new_address in zip(followed.addresses(row), followed.addresses(into), strict=True):
                address_moved(old_address, new_address)


def follow(model, followed: Followed) -> None:
    FOLLOWED[model] = followed
    label = model._meta.label
    pre_save.connect(remember_before, sender=model, dispatch_uid=f"page-cache-before-{label}")
    post_save.connect(moved, sender=model, dispatch_uid=f"addresses-moved-{label}")


def connect():
    for model, followed in list(FOLLOWED.items()):
        follow(model, followed)
