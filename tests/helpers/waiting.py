"""Waiting for what another process or thread does: ask again until it has happened, never a fixed sleep."""

import time

import pytest


def wait_until(condition, *, what, seconds=10, every=0.02, explain=None):
    """condition()'s first true answer, asking every `every` seconds.

    The test fails if `what` has not happened after `seconds`, with what `explain()` returns then (a log's
    tail, say). The deadline is there so that a test fails rather than waits for ever; it is no measure of
    speed, and is set far beyond the time the wait takes.
    """
    deadline = time.monotonic() + seconds
    while True:
        answer = condition()
        if answer:
            return answer
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds} s" + (f":\n{explain()}" if explain else ""))
        time.sleep(every)
