"""Export every article (all statuses, all fields) as JSON Lines, with the image files beside it."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from articles.models import Article
from transfer.exporter import ARTICLES_FILE, IMAGES_DIR, export_articles


class Command(BaseCommand):
    help = (
        f"Export every article — all statuses, all fields, bylines, tags, corrections and image metadata — as "
        f"{ARTICLES_FILE} (one article per line, the format import_articles reads) with the original image files "
        f"in {IMAGES_DIR}/ beside it. Importing the export into an empty database and exporting again gives the "
        "same files, so it is also a backup of the newsroom's content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The folder to write (it must not exist, or be empty). Default: var/exports/<date and time>.",
        )

    def handle(self, *args, **options):
        output = options["output"] or Path(settings.VAR_DIR) / "exports" / f"{timezone.now():%Y%m%d-%H%M%S}"
        if output.exists() and not output.is_dir():
            raise CommandError(f"--output {output} is a file, not a folder.")
        total = Article.objects.count()
        disable = True if options["verbosity"] == 0 else None
        with tqdm(total=total, unit=" articles", disable=disable, file=sys.stderr) as progress:
            try:
                count, images = export_articles(output, progress=progress)
            except FileExistsError as error:
                raise CommandError(f"--output {output} is not empty: choose a new folder.") from error
            except OSError as error:
                raise CommandError(f"The export failed and was removed: {error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"Exported {count} articles and {images} image files to {output}.")
