"""Settings for the test suite: the real settings, made fast and isolated."""

import os
import tempfile
from pathlib import Path

# The suite runs as local use does (`make run`); the processes it starts inherit this.
os.environ.setdefault("DEBUG", "true")

from newsroom.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-uploads-"))
# Never the bucket AWS_STORAGE_BUCKET_NAME may name: tests/test_object_storage.py gives its tests a bucket of their own.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
MEDIA_URL = "/uploads/"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SERVE_UPLOADS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production: concurrent writers wait for each other (the busy timeout) where the
    # shared in-memory database fails at once with "database table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="newsroom-test-db-")) / "test.sqlite3")}  # noqa: F405
# Each test sees the purges it causes, not a repeat arriving during the next test (tests/articles/edge/ tests it).
EDGE_PURGE_AGAIN_SECONDS = 0
# The webhook tests' receiver listens on 127.0.0.1 (tests/api/test_webhooks.py shows the refusal without this).
WEBHOOKS_ALLOW_LOCAL = True
