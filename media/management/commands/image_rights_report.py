"""Report images whose usage rights have expired or soon will, and where readers still see them.

Agency and licensed pictures may be shown only until their rights end (Image.rights_expire_at),
and nothing takes a picture down when that time comes. Run daily from cron, this report tells the
picture desk which images to replace or re-license, on which published articles. It exits with an
error while an image whose rights have expired is still on a published article, so that the
failure stands out in cron mail and monitoring. Where readers see a picture is what the apps showing
pictures registered (media.places): media knows nothing of articles or authors.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from media.models import Image
from media.places import reported_places


def plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def images_to_report(until):
    """Images whose rights end by `until`, soonest first, each with where readers see it now (`shown_in`:
    [(place, holders)] for each reported place), in one query per place."""
    images = list(Image.objects.rights_expired(at=until).order_by("rights_expire_at", "pk"))
    if not images:
        return []
    shown = [(place, place.shown_now([image.pk for image in images])) for place in reported_places()]
    for image in images:
        image.shown_in = [(place, found.get(image.pk, [])) for place, found in shown]
    return images


def still_shown_in_error(image):
    return any(holders for place, holders in image.shown_in if place.expired_is_an_error)


def local(moment):
    moment = timezone.localtime(moment)
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"


def expires_in(moment, now):
    days = (timezone.localdate(moment) - timezone.localdate(now)).days
    return "expires today" if days == 0 else f"expires in {plural(days, 'day')}"


class Command(BaseCommand):
    help = (
        "List the images whose usage rights have expired, or expire within --days days, each with its credit, "
        "usage rights, expiry (in the site's time zone) and the published articles and author pages that show it. "
        "Run it daily from cron and replace or re-license what it lists. Exits with an error (status 1) while an "
        "image whose rights have expired is still on a published article; images that only expire soon are not "
        "an error."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            metavar="N",
            help="Also list images whose rights expire within N days from now (default: 30; 0: expired ones only).",
        )

    def handle(self, *args, days, verbosity, **options):
        if days < 0:
            raise CommandError(f"--days must be 0 or more, not {days}.")
        now = timezone.now()
        try:
            until = now + timedelta(days=days)
        except OverflowError:
            raise CommandError(f"--days {days} reaches past the year 9999; give a smaller number.") from None
        images = list(images_to_report(until))
        expired = [image for image in images if image.rights_expire_at <= now]
        still_shown = [image for image in expired if still_shown_in_error(image)]

        if verbosity >= 1 and not images:
            self.stdout.write(f"No image's usage rights have expired or expire within {plural(days, 'day')}.")
        elif verbosity >= 1:
            self.report(images, now, days)
            self.stdout.write(
                f"{plural(len(images), 'image')} listed: {len(expired)} expired "
                f"({len(still_shown)} still on published articles), "
                f"{len(images) - len(expired)} expiring within {plural(days, 'day')}."
            )
        if still_shown:
            ids = ", ".join(str(image.pk) for image in still_shown)
            raise CommandError(
                f"{plural(len(still_shown), 'image')} whose rights have expired "
                f"{'is' if len(still_shown) == 1 else 'are'} still on published articles "
                f"({'image' if len(still_shown) == 1 else 'images'} {ids})."
            )

    def report(self, images, now, days):
        self.stdout.write(f"Images whose usage rights have expired or expire within {plural(days, 'day')}:")
        self.stdout.write("")
        for image in images:
            self.stdout.write(f"{image.title} (image {image.pk})")
            if image.rights_expire_at <= now:
                self.stdout.write(f"  Rights ended {local(image.rights_expire_at)}: {self.style.ERROR('EXPIRED')}")
            else:
                status = self.style.WARNING(expires_in(image.rights_expire_at, now))
                self.stdout.write(f"  Rights end {local(image.rights_expire_at)}: {status}")
            self.stdout.write(f"  Credit: {image.credit or 'none'}. Usage rights: {image.get_usage_rights_display()}.")
            for place, holders in image.shown_in:
                for line in place.describe(holders):
                    self.stdout.write(f"  {line}")
            self.stdout.write("")
