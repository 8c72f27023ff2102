"""Purge readers' cached pages by hand: all of them, or those showing what given dependency keys name.

Every change made through the site or a command purges exactly the pages it touches (articles.dependencies);
this is for what nothing saved can announce, such as an edit of a template outside a deploy, or a key whose
pages an operator wants re-rendered. It purges the edge cache in front of the site too.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import dependencies, purge

KEY_SHAPE = "a key such as home, nav, feeds, a42 (article 42's page), c42 (its card), s3, t7, u5, i9 or p2"


class Command(BaseCommand):
    help = (
        "Purge readers' cached pages, in this server's page cache, the others' and the edge cache in front: "
        "every page, or with --key only the pages that show what the key names (see articles/dependencies.py). "
        "Changes made through the site purge their pages by themselves; this is for what no save announces."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--key", action="append", dest="keys", metavar="KEY", help=f"Only pages showing this: {KEY_SHAPE}."
        )

    def handle(self, *args, keys=None, **options):
        keys = set(keys or [dependencies.ALL])
        malformed = sorted(key for key in keys if not key or " " in key)
        if malformed:
            raise CommandError(f"Not a dependency key: {malformed[0]!r}; give {KEY_SHAPE}.")
        with transaction.atomic():
            purge.purge(keys)
        what = "every page" if keys == {dependencies.ALL} else f"the pages showing {', '.join(sorted(keys))}"
        self.stdout.write(self.style.SUCCESS(f"Purged {what}."))
