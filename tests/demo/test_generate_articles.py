"""`manage.py generate_articles`: realistic volume in bulk, deterministic, idempotent, one batch at a time."""

import re
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.html import sanitize_html
from articles.models import Article, Byline, PurgeLog, Section, Status
from authors.models import Author
from media.models import Image, Rendition
from media.renditions import SPECS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEED, COUNT, BATCH, IMAGES = 7, 300, 100, 3
MODELS = [Section, Author, Tag, Image, Rendition, Article, Byline, TaggedItem]


def generate(count=COUNT, **options):
    options = {"seed": SEED, "batch_size": BATCH, "images": IMAGES, **options}
    out = StringIO()
    call_command("generate_articles", str(count), stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Every row of every model the command writes, field by field; but related articles, which new articles
    may join (tests/articles/test_related.py)."""
    return {
        model.__name__: [
            {name: value for name, value in row.items() if name != "related_ids"}
            for row in model.objects.order_by("pk").values()
        ]
        for model in MODELS
    }


def generated(seed=SEED):
    return Article.objects.filter(slug__startswith=f"gen-{seed}-")


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker, tmp_path_factory):
    """A dry run on the empty database, then the generator run twice, once for the whole module.

    Everything happens inside one transaction, rolled back after the module's tests (each test runs
    in a savepoint within it), with its own MEDIA_ROOT.
    """
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("generated-uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        empty = snapshot()
        dry = generate(dry_run=True)
        after_dry = snapshot()
        first = generate()
        before = snapshot()
        second = generate()
        after = snapshot()
        yield SimpleNamespace(
            empty=empty, dry=dry, after_dry=after_dry, first=first, second=second, before=before, after=after
        )
        transaction.set_rollback(True)


def test_the_first_run_creates_the_pools_and_the_articles_and_says_how_fast(run):
    counts = {name: len(rows) for name, rows in run.before.items()}
    assert counts["Section"] == 5
    assert counts["Author"] == 40
    assert counts["Tag"] == 300
    assert counts["Image"] == IMAGES
    assert counts["Rendition"] == IMAGES * len(SPECS)
    assert counts["Article"] == generated().count() == COUNT
    assert re.search(
        r"Generated 300 articles in [\d.]+ s \(\d+ articles/s\), after [\d.]+ s on the pools; "
        r"300 generated articles in total\.",
        run.first,
    )
    assert "Batch 3/3: articles 201–300, 100 new (300 so far" in run.first


def test_slugs_are_unique_and_numbered_from_one(run):
    slugs = list(generated().values_list("slug", flat=True))
    assert sorted(slugs) == sorted(f"gen-{SEED}-{n}" for n in range(1, COUNT + 1))


def test_a_second_run_with_the_same_seed_creates_nothing(run):
    assert run.after == run.before
    assert "Generated 0 articles in" in run.second
    assert "300 generated articles in total" in run.second


def test_a_larger_count_adds_only_the_missing_articles(run):
    before = snapshot()["Article"]
    purges = PurgeLog.objects.count()

    output = generate(COUNT + 50)

    assert "Generated 50 articles" in output
    assert generated().count() == COUNT + 50
    assert snapshot()["Article"][: len(before)] == before
    assert set(generated().filter(pk__gt=before[-1]["id"]).values_list("slug", flat=True)) == {
        f"gen-{SEED}-{n}" for n in range(COUNT + 1, COUNT + 51)
    }
    assert PurgeLog.objects.count() > purges  # the page cache knows


def test_article_n_of_a_seed_is_the_same_article_whatever_else_exists(run):
    def describe(article):
        return (
            article.headline,
            article.standfirst,
            article.section_id,
            article.lead_image_id,
            article.status,
            [byline.author_id for byline in article.bylines.all()],
            sorted(article.tags.values_list("pk", flat=True)),
        )

    original = describe(Article.objects.get(slug=f"gen-{SEED}-42"))
    Article.objects.filter(slug__in=[f"gen-{SEED}-{n}" for n in range(1, 100)]).delete()

    generate(42)

    assert describe(Article.objects.get(slug=f"gen-{SEED}-42")) == original
    assert generated().count() == COUNT - 99 + 42


def test_another_seed_gives_other_articles_from_the_same_pools(run):
    generate(50, seed=SEED + 1)

    assert generated(SEED + 1).count() == 50
    assert snapshot()["Tag"] == run.before["Tag"]
    assert snapshot()["Image"] == run.before["Image"]
    headlines = set(generated().values_list("headline", flat=True)[:50])
    assert set(generated(SEED + 1).values_list("headline", flat=True)) != headlines


def test_most_articles_are_published_over_five_years_a_few_are_not(run):
    now = timezone.now()
    articles = generated()
    published, scheduled = articles.published(), articles.scheduled()
    assert 0.90 * COUNT <= published.count() <= 0.99 * COUNT
    assert 1 <= scheduled.count() <= 0.03 * COUNT
    assert 1 <= articles.filter(status=Status.DRAFT).count() <= 0.08 * COUNT
    assert articles.filter(status=Status.IN_REVIEW).count() <= 0.04 * COUNT
    assert published.filter(publish_at__lt=now - timedelta(days=3 * 365)).exists()
    assert not published.filter(publish_at__lt=now - timedelta(days=5 * 365 + 2)).exists()
    for article in articles.filter(status=Status.PUBLISHED):
        assert timezone.is_aware(article.publish_at)
        assert article.first_published_at == article.publish_at
        assert article.created_at <= article.publish_at
        assert article.version == 1
    for article in articles.exclude(status=Status.PUBLISHED):
        assert article.publish_at is None and article.view_count == 0
    views = sorted(published.values_list("view_count", flat=True))
    assert views[-1] > 10 * views[len(views) // 2]  # a few articles are read far more than the rest


def test_every_article_has_one_or_two_ordered_bylines_and_two_to_five_tags(run):
    ids = set(generated().values_list("pk", flat=True))
    bylines = {}
    for article_id, position in Byline.objects.filter(article__in=ids).values_list("article", "position"):
        bylines.setdefault(article_id, []).append(position)
    assert set(bylines) == ids
    assert {tuple(sorted(positions)) for positions in bylines.values()} == {(0,), (0, 1)}

    tag_counts = dict(
        TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article), object_id__in=ids)
        .values("object_id")
        .annotate(n=Count("tag", distinct=True))
        .values_list("object_id", "n")
    )
    assert set(tag_counts) == ids
    assert min(tag_counts.values()) == 2 and max(tag_counts.values()) <= 5

    article = generated().filter(bylines__position=1).first()
    assert article.byline_authors[0] != article.byline_authors[1]
    assert len(article.tags.names()) >= 2


def test_bodies_are_paragraphs_of_safe_text_the_sanitizer_leaves_alone(run):
    for article in generated():
        assert 4 <= article.body.count("<p>") <= 6, article
        assert article.body.startswith("<p>") and article.body.endswith("</p>")
        assert sanitize_html(article.body) == article.body
        assert "{" not in article.body + article.headline + article.standfirst, article


def test_a_small_pool_of_images_is_shared_and_has_its_renditions(run):
    with_image = generated().filter(lead_image__isnull=False)
    assert 0.8 * COUNT <= with_image.count() < COUNT
    assert with_image.values("lead_image").distinct().count() == IMAGES
    for image in Image.objects.prefetch_related("renditions"):
        assert (image.width, image.height) == (1600, 900)
        assert sorted(rendition.spec for rendition in image.renditions.all()) == sorted(SPECS)
        assert image.alt_text and image.credit


def test_the_site_renders_generated_articles(run, client):
    article = generated().published().filter(lead_image__isnull=False).order_by("-publish_at").first()

    home = client.get(reverse("articles:home"))
    page = client.get(article.get_absolute_url())
    tag = client.get(reverse("articles:tag", kwargs={"slug": article.tags.first().slug}))

    assert home.status_code == 200 and article.headline in home.content.decode()
    assert page.status_code == 200
    assert article.headline in page.content.decode()
    assert article.byline_authors[0].name in page.content.decode()
    assert tag.status_code == 200


def test_a_dry_run_writes_nothing_and_says_what_it_would_create(run):
    assert run.after_dry == run.empty
    assert (
        "Dry run: would create 5 sections, 40 authors, 300 tags, 3 images and 300 articles "
        "(0 of the 300 asked for exist already). Nothing was written." in run.dry
    )

    output = generate(COUNT + 20, dry_run=True)

    assert "would create 0 sections, 0 authors, 0 tags, 0 images and 20 articles (300 of the 320" in output
    assert snapshot() == run.after


@pytest.mark.parametrize("count", ["0", "-5", "abc", "1.5", "", "10000001"])
def test_a_bad_count_is_refused_with_a_clear_message(run, count):
    with pytest.raises(CommandError, match=r"COUNT must be a whole number from 1 to 10,000,000, not '.*'\."):
        generate(count)
    assert snapshot() == run.after


@pytest.mark.parametrize("batch_size", [0, -1, 10_001])
def test_a_bad_batch_size_is_refused(run, batch_size):
    with pytest.raises(CommandError, match="--batch-size must be from 1 to 10,000"):
        generate(batch_size=batch_size)
    assert snapshot() == run.after


def test_a_failure_in_a_batch_keeps_the_batches_before_it_whole_and_nothing_of_its_own(run, monkeypatch):
    real_bulk_create = TaggedItem.objects.bulk_create
    calls = []

    def failing_second_time(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the articles and bylines of batch 2 are written by now
            raise IntegrityError("simulated failure")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(TaggedItem.objects, "bulk_create", failing_second_time)
    seed = SEED + 2

    with pytest.raises(CommandError, match=r"Batch 2 \(articles 101–200\) failed and was rolled back"):
        generate(250, seed=seed)

    kept = generated(seed)
    assert sorted(kept.values_list("slug", flat=True)) == sorted(f"gen-{seed}-{n}" for n in range(1, 101))
    ids = list(kept.values_list("pk", flat=True))
    article_type = ContentType.objects.get_for_model(Article)
    bylines = Byline.objects.filter(article__in=ids)
    tagged = TaggedItem.objects.filter(content_type=article_type, object_id__in=ids)
    assert bylines.values("article").distinct().count() == tagged.values("object_id").distinct().count() == 100
    # Nothing else was written: no article, byline or tag of batch 2.
    assert Byline.objects.count() == len(run.after["Byline"]) + bylines.count()
    assert TaggedItem.objects.count() == len(run.after["TaggedItem"]) + tagged.count()
    assert Article.objects.count() == len(run.after["Article"]) + 100

    monkeypatch.undo()
    assert "Generated 150 articles" in generate(250, seed=seed)
    assert generated(seed).count() == 250


def test_writing_costs_a_few_queries_per_batch_not_per_article(run, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):  # SQLite splits each batch's INSERTs into statements of ~40 rows
        generate(COUNT + 100, batch_size=100)
    assert generated().count() == COUNT + 100
