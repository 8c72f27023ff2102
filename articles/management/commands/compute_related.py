"""Work out every article's related articles and store them, after an import or `generate_articles`.

Saving an article through the admin or articles.services stores its related articles and makes it
enter its neighbours' lists; bulk writes (imports, generated articles) skip that, and lists drift as
articles go live and expire. This command reads the archive once (articles.related.Archive), brings
every list up to date in one transaction, so readers never see half of a run, and writes only the
lists that changed: running it again changes nothing.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.models import Article
from articles.related import Archive, related_changed

BATCH_SIZE = 1000


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
        with transaction.atomic():
            archive = Archive()
            articles = Article.objects.order_by("pk").values_list("pk", "section_id", "publish_at", "related_ids")
            total, changed = 0, []
            rows = tqdm(
                articles.iterator(chunk_size=BATCH_SIZE),
                total=articles.count(),
                disable=True if verbosity == 0 else None,
                file=sys.stderr,
                unit="article",
            )
            with rows:
                for pk, section_id, publish_at, stored in rows:
                    total += 1
                    ids = archive.related_ids_for(pk, section_id, publish_at)
                    if ids != stored:
                        changed.append(Article(pk=pk, related_ids=ids))
            if not dry_run:
                Article.objects.bulk_update(changed, ["related_ids"], batch_size=BATCH_SIZE)
                related_changed([article.pk for article in changed])
        if verbosity >= 1:
            verb = "Would change" if dry_run else "Changed"
            self.stdout.write(self.style.SUCCESS(f"{verb} the related articles of {len(changed)} of {total} articles."))
