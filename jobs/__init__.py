"""Background jobs: work that must not hold up a request or an editor's save (webhook deliveries, mail, ...).

The queue is django-q2's database broker: a table in the site's own database (SQLite or PostgreSQL), so it
needs nothing installed, survives a restart, and keeps a receipt for each job a worker takes. A job whose worker
died comes back after JOBS_LEASE_SECONDS; one that raises is tried again after a growing pause (jobs.backoff) up to
JOBS_MAX_ATTEMPTS times, and then stays in the admin's "Failed tasks" for an operator. Jobs run at least once, so
each must be safe to run twice. Workers: `manage.py qcluster` (`make run` and `make serve` start one).
"""

from django.db import transaction


def enqueue(function: str, *args, **kwargs) -> None:
    """Run `function` (a dotted path) with these arguments in a worker, once the current transaction commits.

    A job enqueued inside a transaction that is rolled back never runs, and a worker never sees rows before they
    are committed."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(function, *args, **kwargs))
