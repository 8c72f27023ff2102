"""Import articles from JSON Lines, Markdown files or a WordPress export (WXR).

Every item is written in a transaction of its own and keeps its source identity
(import_ref), so an import can be re-run: what changed is updated, the rest is left
alone. Bad items are listed with their file and line or item and the command exits
non-zero at the end; the good ones have landed.
"""

import sys
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Section
from media.models import UsageRights
from transfer.loader import ImportOptions, Loader, rolled_back_if
from transfer.readers.jsonl import looks_like_jsonl, read_jsonl
from transfer.readers.markdown import looks_like_markdown, read_markdown
from transfer.readers.wordpress import looks_like_wordpress, read_wordpress
from transfer.records import ImportProblem, ItemError, SkippedItem, warning_kind

READERS = {"jsonl": read_jsonl, "markdown": read_markdown, "wordpress": read_wordpress}
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".md": "markdown", ".markdown": "markdown", ".xml": "wordpress"}


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines (the export format), Markdown files with a YAML front-matter header, "
        "or a WordPress export file (WXR, Tools → Export in WordPress). Items are matched by their source "
        "identity, so running the same import again updates what changed and duplicates nothing. Each item "
        "lands whole or not at all; bad items are listed with their file and line or item, and the command "
        "exits non-zero after importing the good ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Files, or folders to read them from.")
        parser.add_argument(
            "--format", choices=sorted(READERS), help="The files' format (default: detected from each file)."
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="Where image files are: the WordPress uploads folder (wp-content/uploads) for a WXR file; "
            "for JSON Lines and Markdown, the default is the folder of the file.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument(
            "--stop-on-error",
            action="store_true",
            help="Stop at the first bad item, leaving the database as it was before that item.",
        )
        parser.add_argument(
            "--section-map",
            action="append",
            default=[],
            metavar="SOURCE=SECTION",
            help="Put items of a source section or WordPress category (slug or name) into an existing section "
            "(slug). Repeat for each.",
        )
        parser.add_argument(
            "--create-sections",
            action="store_true",
            help="Create a section for each unknown section or category instead of refusing its items.",
        )
        parser.add_argument(
            "--default-section",
            metavar="SLUG",
            help="Put items that have no section or category (and WordPress's Uncategorized) into this existing "
            "section, instead of refusing them.",
        )
        parser.add_argument(
            "--usage-rights",
            choices=UsageRights.values,
            default=UsageRights.STAFF,
            help="Usage rights of imported images that do not state theirs (default: staff).",
        )
        parser.add_argument("--user", help="Username recorded as the articles' creator and in their history.")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        files = self.files(options["paths"])
        loader = Loader(
            ImportOptions(
                create_sections=options["create_sections"],
                section_map=self.section_map(options["section_map"]),
                default_section=self.section("--default-section", options["default_section"]),
                usage_rights=options["usage_rights"],
                user=self.user(options["user"]),
            )
        )
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")

        progress = tqdm(unit=" items", disable=True if verbosity == 0 else None, file=sys.stderr)
        warned = Counter()
        with rolled_back_if(options["dry_run"]):
            counts, stopped = self.import_files(files, loader, progress, options, warned)
        progress.close()
        if not options["dry_run"] and (counts["created"] or counts["updated"]):
            # Imports skip working out related articles item by item: once for all of them here.
            call_command("compute_related", verbosity=0)

        summary = self.summary(counts, dry_run=options["dry_run"])
        if verbosity >= 1:
            if warned:
                self.stdout.write(self.warnings_summary(warned, verbosity))
            self.stdout.write(summary)
        landed = "would be imported" if options["dry_run"] else "were imported"
        if stopped:
            raise CommandError(f"Stopped at the first bad item ({stopped}); the items before it {landed}, not it.")
        if counts["failed"]:
            failed = f"{counts['failed']} item{'s' if counts['failed'] != 1 else ''}"
            raise CommandError(f"{failed} failed (listed above); the others {landed}.")

    def import_files(self, files, loader, progress, options, warned):
        verbosity, media_dir = options["verbosity"], options["media_dir"]
        counts, stopped = Counter(), None
        for path in files:
            read = READERS[options["format"] or self.detect(path)]
            loader.options.source_name = path.name
            for item in read(path, media_dir=media_dir):
                if isinstance(item, SkippedItem):
                    counts["skipped"] += 1
                    if verbosity >= 2:
                        self.say(progress, f"{item.location}: skipped, {item.reason}")
                    continue
                progress.update(1)
                problem = self.load(item, loader, counts, progress, verbosity, warned)
                if problem is None:
                    continue
                counts["failed"] += 1
                self.say(progress, f"{item.location}: {problem}", error=True)
                if options["stop_on_error"]:
                    stopped = item.location
                    break
            if stopped:
                break
        return counts, stopped

    def load(self, item, loader, counts, progress, verbosity, warned):
        """Import one item, counting its warnings by kind in `warned`; returns what was wrong with it, or None."""
        if isinstance(item, ItemError):
            return item.message
        try:
            outcome, warnings = loader.load(item)
        except ImportProblem as problem:
            return str(problem)
        counts[outcome] += 1
        if verbosity >= 2:
            self.say(progress, f"{item.location}: {outcome}")
        # A re-run that changes nothing does not repeat what the first run said.
        if verbosity >= 2 or outcome != "unchanged":
            warned.update(warning_kind(warning) for warning in warnings)
            for warning in warnings if verbosity >= 2 else ():
                self.say(progress, f"{item.location}: warning: {warning}")
        return None

    def say(self, progress, message, *, error=False):
        progress.clear()
        (self.stderr if error else self.stdout).write(message)
        progress.refresh()

    def warnings_summary(self, warned, verbosity):
        """One line for all the warnings: how many of each kind, the commonest first."""
        total = warned.total()
        kinds = ", ".join(f"{count} × {kind}" for kind, count in warned.most_common())
        each = "" if verbosity >= 2 else " (-v 2 lists each with its item)"
        return f"{total} warning{'s' if total != 1 else ''}{each}: {kinds}."

    def summary(self, counts, *, dry_run):
        parts = ", ".join(f"{counts[name]} {name}" for name in ("created", "updated", "unchanged", "failed"))
        if counts["skipped"]:
            parts += f", {counts['skipped']} skipped"
        if dry_run:
            return f"Dry run, nothing was written. It would have imported: {parts}."
        return f"Imported: {parts}."

    def files(self, paths):
        files = []
        for path in paths:
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
                if not found:
                    raise CommandError(f"{path} holds no .jsonl, .md or .xml files.")
                files.extend(found)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path} does not exist.")
        return files

    def detect(self, path):
        with path.open("rb") as file:
            head = file.read(4096)
        if looks_like_wordpress(head):
            return "wordpress"
        if looks_like_jsonl(head):
            return "jsonl"
        if looks_like_markdown(path, head):
            return "markdown"
        if path.suffix.lower() in SUFFIXES:
            return SUFFIXES[path.suffix.lower()]
        raise CommandError(f"{path}: cannot tell its format; give --format jsonl, markdown or wordpress.")

    def section_map(self, pairs):
        mapping = {}
        for pair in pairs:
            source, sep, target = pair.partition("=")
            if not sep or not source.strip() or not target.strip():
                raise CommandError(f"--section-map {pair!r}: write it as SOURCE=SECTION, e.g. news=world.")
            mapping[source.strip().lower()] = self.section(f"--section-map {pair!r}", target.strip())
        return mapping

    def section(self, option, slug):
        if slug is None:
            return None
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            raise CommandError(f"{option}: there is no section with the slug {slug!r}.")
        return section

    def user(self, username):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user {username!r}: there is no such user.")
        return user
