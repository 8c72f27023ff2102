"""Work out every article's related articles and store them, after an import or `generate_articles`.

Saving an article through the admin or articles.services stores its related articles and makes it
enter its neighbours' lists; bulk writes (imports, generated articles) skip that, and lists drift as
articles go live and expire. This command brings every list up to date in one transaction, so
readers never see half of a run; running it again changes only what changed since.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.models import Article
from articles.related import store_related

CHUNK_SIZE = 500


class RolledBack(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Work out and store the related articles of every article (the block under an article, which pages read "
        "instead of ranking articles per request). Run it after imports and generate_articles, which skip it; "
        "saving an article through the admin keeps its own list and its neighbours' up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Work everything out and say how many lists would change; store nothing.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        articles = Article.objects.only("pk", "publish_at", "section", "related_ids").order_by("pk")
        changed = 0
        try:
            with transaction.atomic():
                progress = tqdm(
                    articles.iterator(chunk_size=CHUNK_SIZE),
                    total=articles.count(),
                    disable=True if verbosity == 0 else None,
                    file=sys.stderr,
                    unit="article",
                )
                with progress:
                    for article in progress:
                        changed += len(store_related([article]))
                if dry_run:
                    raise RolledBack
        except RolledBack:
            pass
        total = articles.count()
        verb = "Would change" if dry_run else "Changed"
        self.stdout.write(self.style.SUCCESS(f"{verb} the related articles of {changed} of {total} articles."))
