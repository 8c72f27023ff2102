"""Where readers see library pictures, as the apps that show them declare it.

Articles and authors depend on media, never the other way round: each of them registers its public
places in its AppConfig.ready(), and Image.objects.in_public_use(), Image.public_uses() and
image_rights_report ask them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class PublicPlace:
    label: str  # names the holders in messages: "published or scheduled articles"
    holders: Callable[[], QuerySet]  # what readers see now, or will see at a set time
    image_fields: tuple[str, ...]  # lookups from a holder to the pictures it shows
    # Places that go out at a time: their pictures must stay publishable then (media.rights).
    publish_time: Callable | None = None
    # For image_rights_report: {image id: [holders readers see it in now]}, in one query,
    shown_now: Callable[[Iterable[int]], dict[int, list]] | None = None
    # the report's lines about the holders showing one picture (given none too, to say so),
    describe: Callable[[list], list[str]] | None = None
    # and whether an expired picture still shown there makes the report fail.
    expired_is_an_error: bool = False


PUBLIC_PLACES: dict[str, PublicPlace] = {}


def register(place: PublicPlace) -> None:
    PUBLIC_PLACES[place.label] = place


def reported_places() -> list[PublicPlace]:
    """The places image_rights_report lists, those where an expired picture is an error first."""
    return sorted(
        (place for place in PUBLIC_PLACES.values() if place.shown_now is not None),
        key=lambda place: not place.expired_is_an_error,
    )
