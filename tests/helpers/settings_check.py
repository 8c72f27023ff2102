"""Settings read in a fresh process that sees only the given environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIGURATION = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "SITE_NAME"}


def run_check(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def read_settings(tmp_path, expression, **env):
    """Evaluate `expression` (over `s`, the settings) in a fresh process that sees only `env` as configuration."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", VAR_DIR=str(tmp_path), **env)
    script = f"import json; from django.conf import settings as s; print(json.dumps({expression}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
