"""Re-make images' renditions after the rendition specs change.

Readers only ever see renditions, made when a picture is uploaded, in the sizes and formats that
media.renditions.SPECS named at the time. A changed spec leaves every older image with renditions
of the old shape, a new spec leaves them without one until a page asks for it, and a removed spec
leaves rows and files that nothing serves. This command brings stored renditions in line with
SPECS, one image per transaction, from the original uploads.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image as PILImage
from tqdm import tqdm

from media.files import discard_new_files_on_error
from media.models import Image
from media.renditions import SPECS, create_rendition, rebuild_renditions, record_renditions

CHUNK_SIZE = 500
# What opening or decoding an original can raise when its file is missing, truncated or corrupt
# (the same as media.validators catches for an upload), and what a full disk raises.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError)


def plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Re-make the renditions (the resized copies readers see) of every image, or of the images given with "
        "--image, from their original uploads. Run it after changing the rendition specs in media/renditions.py "
        "(SPECS). Without --missing, every rendition is deleted and made again: needed when a spec's size, crop "
        "or format changed. With --missing, only renditions of new specs are made and those of removed specs "
        "deleted, which is much quicker. Each image is rebuilt in its own transaction: an image whose original "
        "file is missing or unreadable keeps its old renditions and is reported, the others go on, and the "
        "command then exits with an error."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--image",
            type=int,
            action="append",
            dest="image_ids",
            metavar="ID",
            help="Only the image with this id. Repeat for several images.",
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help=(
                "Leave existing renditions as they are: only make those of specs an image has none for, and "
                "delete those of specs no longer in SPECS."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many renditions would be made and deleted, and change nothing.",
        )

    def handle(self, *args, image_ids, missing, dry_run, verbosity, **options):
        self.verbosity = verbosity
        images = Image.objects.order_by("pk")
        if image_ids:
            found = set(images.filter(pk__in=image_ids).values_list("pk", flat=True))
            unknown = sorted(set(image_ids) - found)
            if unknown:
                ids = ", ".join(str(pk) for pk in unknown)
                raise CommandError(f"No image with id {ids}." if len(unknown) == 1 else f"No images with ids {ids}.")
            images = images.filter(pk__in=image_ids)

        done, made, deleted, failed = 0, 0, 0, []
        progress = tqdm(
            images.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE),
            total=images.count(),
            disable=True if verbosity == 0 else None,
            file=sys.stderr,
            unit="image",
        )
        with progress:
            for pk in progress:
                try:
                    outcome = self.rebuild(pk, missing=missing, dry_run=dry_run)
                except UNREADABLE as error:
                    failed.append(pk)
                    image = Image.objects.filter(pk=pk).first()
                    title = image.title if image else ""
                    self.write(self.stderr, f'Image {pk} "{title}": {reason(image, error)}. Its renditions were kept.')
                    continue
                if outcome is None:
                    continue  # deleted since the list was read
                done += 1
                made += outcome[0]
                deleted += outcome[1]

        if verbosity >= 1:
            self.stdout.write(self.summary(done, made, deleted, failed, missing=missing, dry_run=dry_run))
        if failed:
            ids = ", ".join(str(pk) for pk in failed)
            raise CommandError(
                f"{plural(len(failed), 'image')} could not be rebuilt ({'id' if len(failed) == 1 else 'ids'} {ids}) "
                f"and kept {'its' if len(failed) == 1 else 'their'} old renditions; see the messages above."
            )

    def rebuild(self, pk, *, missing, dry_run):
        """Rebuild one image's renditions; returns (made, deleted), or None if the image is gone."""
        with discard_new_files_on_error(), transaction.atomic():
            # Locked and read afresh: an editor moving the focal point meanwhile waits, and is not undone.
            image = Image.objects.select_for_update().filter(pk=pk).first()
            if image is None:
                return None
            present = set(image.renditions.values_list("spec", flat=True))
            if missing:
                obsolete = present - set(SPECS)
                wanted = [name for name in SPECS if name not in present]
            else:
                obsolete, wanted = present, list(SPECS)
            if not dry_run:
                if missing:
                    image.renditions.filter(spec__in=obsolete).delete()
                    for name in wanted:
                        create_rendition(image, name, record=False)
                    record_renditions(image)
                else:
                    rebuild_renditions(image)
            if self.verbosity >= 2:
                counts = f"{len(wanted)} made, {len(obsolete)} deleted"
                self.write(self.stdout, f'Image {image.pk} "{image.title}": {counts}{" (dry run)" if dry_run else ""}')
            return len(wanted), len(obsolete)

    def write(self, stream, message):
        with tqdm.external_write_mode():  # the progress bar steps aside for the message
            stream.write(message)

    def summary(self, done, made, deleted, failed, *, missing, dry_run):
        if missing:
            text = (
                f"Checked {plural(done, 'image')}: {'would make' if dry_run else 'made'} "
                f"{plural(made, 'missing rendition')}, {'would delete' if dry_run else 'deleted'} "
                f"{plural(deleted, 'rendition')} of removed specs"
            )
        else:
            text = (
                f"{'Would rebuild' if dry_run else 'Rebuilt'} renditions of {plural(done, 'image')} "
                f"({plural(made, 'rendition')})"
            )
        if failed:
            text += f"; {len(failed)} failed"
        if dry_run:
            text += "; nothing was changed (--dry-run)"
        return text + "."


def reason(image, error):
    name = image.file.name if image else ""
    if isinstance(error, FileNotFoundError):
        return f"its original file {name} is missing"
    if isinstance(error, PILImage.UnidentifiedImageError):
        return f"its original file {name} is not a readable image"
    return f"its renditions could not be made ({type(error).__name__}: {error})"
