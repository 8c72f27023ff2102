"""The embedded SQLite with several writers: `make serve`'s gunicorn workers, the jobs worker and a command
writing at once wait their turn; none fails with "database is locked".

A transaction that reads and then writes (every save through services.py) used to fail at once when another
process had written since its read: SQLite cannot wait its way out of that, so writers now take the lock when
their transaction begins.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the lock is SQLite's"),
]


def test_a_write_from_another_process_during_an_editors_save_waits_for_it_and_both_land():
    edited, other = ArticleFactory(headline="Before"), ArticleFactory(headline="Other before")
    outcome = {}
    started = threading.Event()

    def jobs_worker_writes():
        started.set()
        try:
            outcome["count"] = Article.objects.filter(pk=other.pk).update(headline="Written by the worker")
        except Exception as error:  # noqa: BLE001 (the outcome under test)
            outcome["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        article = Article.objects.get(pk=edited.pk)  # the editor's save has read
        worker = threading.Thread(target=jobs_worker_writes)
        worker.start()
        started.wait()
        time.sleep(0.3)  # the worker's write is under way (or waiting) before the editor's
        article.headline = "Written by the editor"
        article.save(update_fields=["headline"])
    worker.join(timeout=30)

    assert "error" not in outcome, outcome.get("error")
    assert outcome["count"] == 1
    assert Article.objects.get(pk=edited.pk).headline == "Written by the editor"
    assert Article.objects.get(pk=other.pk).headline == "Written by the worker"
