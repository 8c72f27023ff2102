"""Jobs are queued in the site's database, only with what commits, and failed ones come back after a growing pause."""

from datetime import timedelta

import pytest
from django.db import transaction
from django_q.models import OrmQ
from django_q.signing import SignedPackage

import jobs
from jobs.backoff import pause

pytestmark = pytest.mark.django_db


def test_a_job_is_queued_when_the_change_that_asked_for_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("tests.helpers.jobs.always_fails", "/nowhere")
        assert OrmQ.objects.count() == 0, "queued before the transaction committed"
    (queued,) = OrmQ.objects.all()
    task = SignedPackage.loads(queued.payload)
    assert (task["func"], task["args"]) == ("tests.helpers.jobs.always_fails", ("/nowhere",))


def test_a_job_asked_for_by_a_change_that_is_rolled_back_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012
        jobs.enqueue("tests.helpers.jobs.always_fails", "/nowhere")
        raise RuntimeError("the save failed")
    assert OrmQ.objects.count() == 0


def test_each_retry_waits_twice_as_long_as_the_one_before_and_never_more_than_an_hour(settings):
    settings.JOBS_BACKOFF_SECONDS = 30
    waits = [pause(attempt) for attempt in (1, 2, 3, 4)]
    assert waits == [timedelta(seconds=seconds) for seconds in (30, 60, 120, 240)]
    assert pause(20) == timedelta(hours=1)
