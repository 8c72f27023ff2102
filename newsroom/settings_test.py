"""Settings for the test suite: the real settings, made fast and isolated."""

import tempfile
from pathlib import Path

from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-uploads-"))
# Never the bucket AWS_STORAGE_BUCKET_NAME may name: tests/test_object_storage.py gives its tests a bucket of their own.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
MEDIA_URL = "/uploads/"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SERVE_UPLOADS = True
