"""`manage.py generate_articles` on PostgreSQL outside a transaction: two batches written at a time.

The tests in test_generate_articles.py run inside a transaction, where the command writes on one
connection; these commit for real, so that the writer threads' connections see the pools.
"""

import re
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from taggit.models import TaggedItem

from articles.models import Article, Byline

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL writes batches in parallel"),
]

SEED = 5


def generate(count, **options):
    out = StringIO()
    call_command("generate_articles", str(count), seed=SEED, batch_size=100, images=1, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def assert_every_article_is_whole():
    ids = set(Article.objects.values_list("pk", flat=True))
    tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
    assert set(Byline.objects.values_list("article", flat=True)) == ids
    assert set(tagged.values_list("object_id", flat=True)) == ids


def test_batches_are_written_two_at_a_time_and_reported_in_order():
    output = generate(650, verbosity=2)

    assert "Writing 7 batches, 2 at a time." in output
    assert re.findall(r"Batch (\d)/7", output) == [str(n) for n in range(1, 8)]
    assert "Generated 650 articles" in output
    assert sorted(Article.objects.values_list("slug", flat=True)) == sorted(f"gen-{SEED}-{n}" for n in range(1, 651))
    assert_every_article_is_whole()


def test_a_failed_batch_is_rolled_back_whole_and_the_others_are_kept(monkeypatch):
    real_bulk_create = TaggedItem.objects.bulk_create

    def failing_in_batch_two(objs, *args, **kwargs):
        objs = list(objs)
        # On the writer's own connection, which sees the batch's articles before they are committed.
        if Article.objects.filter(pk__in={item.object_id for item in objs}, slug=f"gen-{SEED}-150").exists():
            raise IntegrityError("simulated failure")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(TaggedItem.objects, "bulk_create", failing_in_batch_two)

    with pytest.raises(CommandError, match=r"Batch 2 \(articles 101–200\) failed and was rolled back"):
        generate(650)

    numbers = {int(slug.rsplit("-", 1)[1]) for slug in Article.objects.values_list("slug", flat=True)}
    assert set(range(1, 101)) <= numbers
    assert not numbers & set(range(101, 201))
    assert_every_article_is_whole()

    monkeypatch.undo()
    generate(650)
    assert Article.objects.count() == 650
    assert_every_article_is_whole()
