"""Where readers see library pictures, as the apps that show them declare it.

Articles and authors depend on media, never the other way round: each of them registers its public
places in its AppConfig.ready(), and Image.objects.in_public_use() and Image.public_uses() ask them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class PublicPlace:
    label: str  # names the holders in messages: "published or scheduled articles"
    holders: Callable[[], QuerySet]  # what readers see now, or will see at a set time
    image_fields: tuple[str, ...]  # lookups from a holder to the pictures it shows
    # Places that go out at a time: their pictures must stay publishable then (media.rights).
    publish_time: Callable | None = None


PUBLIC_PLACES: dict[str, PublicPlace] = {}


def register(place: PublicPlace) -> None:
    PUBLIC_PLACES[place.label] = place
