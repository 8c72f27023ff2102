"""Fill the database with a realistic volume of articles, to see how the site behaves at scale.

Fifty demo articles hide slow queries; a hundred thousand show them. This command makes COUNT
articles over the last five years, with sections, bylines, tags and lead images drawn from small
shared pools, in bulk inserts with one transaction per batch, so that 100,000 articles take about
a minute on SQLite or PostgreSQL. Article n of a seed (slug gen-<seed>-<n>) is always the same
article, so running the command again creates only what is missing.

The rows are built complete here and written by articles.services.articles_bulk_create, whose bulk
inserts skip Article.save(), article_save()'s checks and django-reversion: generated articles have no
revision history.
"""

import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, reset_queries, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Article, Section
from articles.services import articles_bulk_create, section_ensure, tag_save
from authors.models import Author
from demo import content as demo_content
from demo.generated_content import (
    ASIA_PACIFIC,
    AUTHOR_COUNT,
    COUNTRIES,
    TOPIC_SECTIONS,
    TOPICS,
    Pools,
    author_data,
    build_article,
    picture_spec,
    tag_name,
)
from demo.pictures import draw_picture
from media.models import Image
from media.services import image_save

MAX_COUNT = 10_000_000
MAX_BATCH_SIZE = 10_000
MAX_IMAGES = 200
PARALLEL_WRITERS = 2
GENERATED_SLUG_REGEX = r"^gen-[0-9]+-[0-9]+$"
SQLITE_CACHE_KIB = -128 * 1024  # negative: a size in KiB, not in pages


class Batch(NamedTuple):
    number: int
    numbers: range
    articles: int
    bylines: int
    tags: int


def writers_for():
    """How many connections write batches at the same time.

    Two on PostgreSQL: while one waits for the database (which computes each article's search
    document, the larger part of its work), the other builds its batch in Python. One on SQLite,
    which has a single writer, and inside an outer transaction (a test's), whose rows other
    connections cannot see.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return PARALLEL_WRITERS
    return 1


def in_order(jobs, writers):
    """Run `jobs` (callables) and yield their results in order; with several writers, on threads of their own."""
    if writers == 1:
        for job in jobs:
            yield job()
        return
    with ThreadPoolExecutor(max_workers=writers) as pool:
        running = deque()
        for job in jobs:
            running.append(pool.submit(on_own_connection, job))
            if len(running) == writers:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()


def on_own_connection(job):
    try:
        return job()
    finally:
        connection.close()  # the connection of this thread: Django gives each thread its own


@contextmanager
def larger_sqlite_cache():
    """Give this connection a 128 MiB page cache while it writes, on SQLite.

    With the default 2 MiB, once the tables outgrow it every index insert reads pages from disk,
    and the rate halves by 100,000 articles. It is this connection's cache only, and it is put back.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        previous = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def parse_count(value):
    try:
        count = int(value)
    except ValueError:
        count = None
    if count is None or not 1 <= count <= MAX_COUNT:
        raise CommandError(f"COUNT must be a whole number from 1 to {MAX_COUNT:,}, not {value!r}.")
    return count


class Command(BaseCommand):
    help = (
        "Generate COUNT realistic articles (sections, 40 authors, about 300 tags and a pool of shared images "
        "included) with bulk inserts, one transaction per batch. Deterministic for a --seed and idempotent: "
        "article n is gen-<seed>-<n>, and existing ones are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", metavar="COUNT", help=f"How many articles to have, from 1 to {MAX_COUNT:,}.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same articles (default 1).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help=f"Articles per transaction, 1 to {MAX_BATCH_SIZE:,} (default 2000). A failure loses one batch.",
        )
        parser.add_argument(
            "--images",
            type=int,
            default=24,
            help=f"Size of the shared lead-image pool, 0 to {MAX_IMAGES} (default 24). Each takes about 0.4 s.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be created; write nothing.")

    def handle(self, *args, count, seed, batch_size, images, dry_run, verbosity, **options):
        count = parse_count(count)
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise CommandError(f"--batch-size must be from 1 to {MAX_BATCH_SIZE:,}, not {batch_size}.")
        if not 0 <= images <= MAX_IMAGES:
            raise CommandError(f"--images must be from 0 to {MAX_IMAGES}, not {images}.")
        if seed < 0:
            raise CommandError(f"--seed must be 0 or more, not {seed}.")
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CommandError(f"{connection.display_name} does not return ids from bulk inserts (SQLite needs 3.35+).")
        self.verbosity = verbosity
        if dry_run:
            self.dry_run(count, seed, batch_size, images)
            return
        started = time.perf_counter()
        pools = self.prepare_pools(images)
        pools_seconds = time.perf_counter() - started
        self.say(f"Pools ready in {pools_seconds:.1f} s: {self.pool_summary(pools)}.")
        with larger_sqlite_cache():
            created, seconds = self.generate(count, seed, batch_size, pools)
        if created:
            self.refresh_planner_statistics()
            # Bulk inserts skip the save path that works out related articles.
            call_command("compute_related", verbosity=min(verbosity, 1), stdout=self.stdout, stderr=self.stderr)
        total = Article.objects.filter(slug__regex=GENERATED_SLUG_REGEX).count()
        self.say(
            self.style.SUCCESS(
                f"Generated {created} articles in {seconds:.1f} s ({created / seconds:.0f} articles/s), after "
                f"{pools_seconds:.1f} s on the pools; {total} generated articles in total."
            )
        )

    def generate(self, count, seed, batch_size, pools):
        """Write the missing articles of 1..count, one transaction per batch; (articles written, seconds)."""
        started = time.perf_counter()
        anchor = timezone.now().replace(minute=0, second=0, microsecond=0)
        batches = range(1, count + 1, batch_size)
        writers = writers_for()
        self.say(f"Writing {len(batches)} batches, {writers} at a time.", level=2)
        jobs = (
            partial(self.write_batch, number, range(first, min(first + batch_size, count + 1)), seed, pools, anchor)
            for number, first in enumerate(batches, start=1)
        )
        created = 0
        for batch in in_order(jobs, writers):
            created += batch.articles
            self.say(f"  {batch.articles} articles with {batch.bylines} bylines and {batch.tags} tags.", level=2)
            rate = created / (time.perf_counter() - started)
            self.say(
                f"Batch {batch.number}/{len(batches)}: articles {batch.numbers[0]}–{batch.numbers[-1]}, "
                f"{batch.articles} new ({created} so far, {rate:.0f} articles/s).",
                level=1,
            )
        return created, time.perf_counter() - started

    def refresh_planner_statistics(self):
        """Bulk inserts leave the planner's row estimates far off (2 rows estimated for 38,000 seen):
        without fresh statistics the listings' indexes go unused until autovacuum gets round to it."""
        tables = ["articles_article", "articles_byline", "taggit_taggeditem"]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {', '.join(tables)}")
            else:
                for table in tables:
                    cursor.execute(f"ANALYZE {table}")
        self.say("Refreshed the query planner's statistics.", level=2)

    def say(self, message, level=1):
        if self.verbosity >= level:
            self.stdout.write(message)

    def missing_numbers(self, seed, numbers):
        slugs = [f"gen-{seed}-{number}" for number in numbers]
        existing = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        return [number for number, slug in zip(numbers, slugs, strict=True) if slug not in existing]

    def write_batch(self, number, numbers, seed, pools, anchor):
        """Write the missing articles of `numbers`, with their bylines and tags, in one transaction."""
        built = [build_article(seed, n, pools, anchor) for n in self.missing_numbers(seed, numbers)]
        bylines = tagged = []
        if built:
            # Every row comes from build_article, so one validated row vouches for the shape of all; full_clean()
            # on each would cost queries per row (foreign keys, unique slug) and most of the time.
            built[0][0].full_clean(exclude=["slug"])
            try:
                bylines, tagged = articles_bulk_create(built, article_type_id=pools.article_type)
            except DatabaseError as error:
                raise CommandError(
                    f"Batch {number} (articles {numbers[0]}–{numbers[-1]}) failed and was rolled back: {error}. "
                    "Every other batch is whole: run the command again to add the missing articles."
                ) from error
        if not connection.force_debug_cursor:  # unless a test is counting queries
            reset_queries()  # with DEBUG on, every INSERT is kept in memory with its values
        return Batch(number, numbers, len(built), len(bylines), len(tagged))

    # The pools

    def prepare_pools(self, image_count):
        self.new_files = []
        try:
            with transaction.atomic():
                countries = self.prepare_tags(COUNTRIES)
                topics = self.prepare_tags([tag_name(topic) for topic in TOPICS], in_text=TOPICS)
                return Pools(
                    sections=self.prepare_sections(),
                    authors=self.prepare_authors(),
                    asian_countries=countries[: len(ASIA_PACIFIC)],
                    other_countries=countries[len(ASIA_PACIFIC) :],
                    topics=[(*topic, section) for topic, section in zip(topics, TOPIC_SECTIONS, strict=True)],
                    images=self.prepare_images(image_count),
                    article_type=ContentType.objects.get_for_model(Article).pk,
                )
        except BaseException:
            # The rows are rolled back; the files written for them would be left behind.
            for name in self.new_files:
                Image.file.field.storage.delete(name)
            raise

    def prepare_sections(self):
        ids = {}
        for data in demo_content.SECTIONS:
            section, created = section_ensure(**data)
            if created:
                self.say(f"Created section {section}.", level=2)
            ids[data["slug"]] = section.pk
        return ids

    def prepare_authors(self):
        wanted = [author_data(number) for number in range(1, AUTHOR_COUNT + 1)]
        existing = dict(Author.objects.filter(slug__in=[data["slug"] for data in wanted]).values_list("slug", "pk"))
        new = [Author(**data) for data in wanted if data["slug"] not in existing]
        for author in new:
            author.full_clean()
        existing.update((author.slug, author.pk) for author in Author.objects.bulk_create(new))
        self.say(f"Created {len(new)} authors.", level=2)
        return [existing[data["slug"]] for data in wanted]

    def prepare_tags(self, names, in_text=None):
        """(id, name as the text uses it) for each of `names`, matched case-insensitively as taggit does."""
        existing = dict(
            Tag.objects.annotate(lower_name=Lower("name"))
            .filter(lower_name__in=[name.lower() for name in names])
            .values_list("lower_name", "pk")
        )
        created = 0
        for name in names:
            if name.lower() not in existing:
                tag = tag_save(tag=Tag(name=name))  # a free slug, when another tag has this one
                existing[name.lower()] = tag.pk
                created += 1
        self.say(f"Created {created} of {len(names)} tags.", level=2)
        return [(existing[name.lower()], text) for name, text in zip(names, in_text or names, strict=True)]

    def prepare_images(self, count):
        specs = [picture_spec(number) for number in range(1, count + 1)]
        existing = dict(
            Image.objects.filter(title__in=[spec["title"] for spec in specs]).order_by("-pk").values_list("title", "pk")
        )
        for number, spec in enumerate(specs, start=1):
            if spec["title"] in existing:
                continue
            image = Image(
                file=SimpleUploadedFile(f"{slugify(spec['title'])}.jpg", draw_picture(spec), "image/jpeg"),
                **{name: spec[name] for name in ("title", "alt_text", "caption", "credit")},
            )
            image_save(image=image)
            self.new_files += [image.file.name, *image.renditions.values_list("file", flat=True)]
            existing[spec["title"]] = image.pk
            self.say(f"Image {number}/{count}: made “{image}” and its renditions.", level=1)
        return [existing[spec["title"]] for spec in specs]

    def pool_summary(self, pools):
        tags = len(set(pools.all_tags))
        return f"{len(pools.sections)} sections, {len(pools.authors)} authors, {tags} tags, {len(pools.images)} images"

    # --dry-run

    def dry_run(self, count, seed, batch_size, image_count):
        sections = sum(
            not Section.objects.filter(slug=data["slug"]).exists()
            and not Section.objects.filter(name=data["name"]).exists()
            for data in demo_content.SECTIONS
        )
        slugs = [author_data(number)["slug"] for number in range(1, AUTHOR_COUNT + 1)]
        authors = len(slugs) - Author.objects.filter(slug__in=slugs).count()
        names = {name.lower() for name in COUNTRIES + [tag_name(topic) for topic in TOPICS]}
        tags = len(names) - Tag.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=names).count()
        titles = [picture_spec(number)["title"] for number in range(1, image_count + 1)]
        images = len(titles) - len(set(Image.objects.filter(title__in=titles).values_list("title", flat=True)))
        articles = sum(
            len(self.missing_numbers(seed, range(first, min(first + batch_size, count + 1))))
            for first in range(1, count + 1, batch_size)
        )
        self.say(
            f"Dry run: would create {sections} sections, {authors} authors, {tags} tags, {images} images and "
            f"{articles} articles ({count - articles} of the {count} asked for exist already). Nothing was written."
        )
