"""Background jobs (jobs/): django-q2, its queue a table in the site's own database (README.md, "Background jobs")."""

from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import env_int

# A job running longer than this is stopped and counts as failed.
JOBS_TIMEOUT_SECONDS = env_int("JOBS_TIMEOUT_SECONDS", 300)
# A job taken by a worker that then died (killed, out of memory, machine lost) is handed out again this long
# after it was taken; it must be longer than any job may run, or a slow job would run twice at once.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", JOBS_TIMEOUT_SECONDS + 60)
if JOBS_LEASE_SECONDS <= JOBS_TIMEOUT_SECONDS:
    raise ImproperlyConfigured(
        f"JOBS_LEASE_SECONDS ({JOBS_LEASE_SECONDS}) must be longer than JOBS_TIMEOUT_SECONDS ({JOBS_TIMEOUT_SECONDS})."
    )
# A failed job is tried again after JOBS_BACKOFF_SECONDS, then twice as long each time (at most an hour), until
# it has been tried JOBS_MAX_ATTEMPTS times; then it stays in the admin's "Failed tasks".
JOBS_BACKOFF_SECONDS = env_int("JOBS_BACKOFF_SECONDS", 30)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 8)

Q_CLUSTER = {
    "name": "newsroom",
    "label": "Background jobs",
    # The database broker keeps a receipt for each job taken, so a dead worker's job comes back; django-q2's Redis
    # broker has none, and would lose it.
    "orm": "default",
    "workers": env_int("JOBS_WORKERS", 2),
    "timeout": JOBS_TIMEOUT_SECONDS,
    "retry": JOBS_LEASE_SECONDS,
    "max_attempts": JOBS_MAX_ATTEMPTS,
    "ack_failures": False,
    "bulk": 1,
    "poll": 0.5,
    "save_limit": 1000,
    "catch_up": False,
}
