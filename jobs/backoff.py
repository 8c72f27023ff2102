"""A job that fails is tried again after a pause that doubles with each attempt.

django-q2 leaves a failed job's receipt unacknowledged, so the database broker hands it out again when its lease
ends (JOBS_LEASE_SECONDS after it was taken); here the lease is set to end after the pause instead. After
JOBS_MAX_ATTEMPTS the job is acknowledged and kept as a failed task in the admin."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

LONGEST_PAUSE = timedelta(hours=1)


def doubling(attempt: int, first: timedelta) -> timedelta:
    """How long to wait after attempt `attempt` failed: `first`, doubled each time, at most LONGEST_PAUSE (for the
    jobs here, and for anything else that tries again, such as webhook deliveries)."""
    doubled = first.total_seconds() * 2 ** min(max(attempt - 1, 0), 32)  # 2**32 pauses are past any longest
    return min(timedelta(seconds=doubled), LONGEST_PAUSE)


def pause(attempt: int) -> timedelta:
    """How long to wait before attempt `attempt` + 1: JOBS_BACKOFF_SECONDS, doubled each time, at most an hour."""
    return doubling(attempt, timedelta(seconds=settings.JOBS_BACKOFF_SECONDS))


def pause_after_failure(sender, task, **kwargs):
    if task.get("success") or not task.get("ack_id") or "orm" not in settings.Q_CLUSTER:
        return
    from django_q.models import OrmQ, Task

    earlier = Task.objects.filter(id=task["id"]).values_list("attempt_count", flat=True).first() or 0
    OrmQ.objects.filter(pk=task["ack_id"]).update(lock=timezone.now() + pause(earlier + 1))
