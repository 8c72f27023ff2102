"""Report images whose usage rights have expired or soon will, and where readers still see them.

Agency and licensed pictures may be shown only until their rights end (Image.rights_expire_at),
and nothing takes a picture down when that time comes. Run daily from cron, this report tells the
picture desk which images to replace or re-license, on which published articles. It exits with an
error while an image whose rights have expired is still on a published article, so that the
failure stands out in cron mail and monitoring.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import Article
from authors.models import Author
from media.models import Image


def plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def images_to_report(until):
    """Images whose rights end by `until`, soonest first, each with the published articles that show it, as the
    lead image or in the body (as `published_articles`), in two queries."""
    images = list(Image.objects.rights_expired(at=until).order_by("rights_expire_at", "pk"))
    articles = Article.objects.published().only("headline", "slug", "publish_at", "created_at")
    shown = articles.showing(image.pk for image in images)
    for image in images:
        image.published_articles = shown.get(image.pk, [])
    return images


def authors_by_photo(images):
    """{image id: [authors whose page shows it]}, in one query."""
    authors = {}
    for author in Author.objects.filter(photo__in=[image.pk for image in images]).only("name", "slug", "photo"):
        authors.setdefault(author.photo_id, []).append(author)
    return authors


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
        still_shown = [image for image in expired if image.published_articles]

        if verbosity >= 1 and not images:
            self.stdout.write(f"No image's usage rights have expired or expire within {plural(days, 'day')}.")
        elif verbosity >= 1:
            self.report(images, authors_by_photo(images), now, days)
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

    def report(self, images, authors, now, days):
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
            if image.published_articles:
                self.stdout.write("  On published articles:")
                for article in image.published_articles:
                    self.stdout.write(f"    {article.headline}: {article.get_absolute_url()}")
            else:
                self.stdout.write("  Not on any published article.")
            for author in authors.get(image.pk, []):
                self.stdout.write(f"  Photo of author {author.name}: {author.get_absolute_url()}")
            self.stdout.write("")
