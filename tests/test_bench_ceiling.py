"""The benchmark's ceiling page (newsroom/bench_views.py) exists only when BENCHMARK_CEILING is on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from newsroom.bench_views import ceiling

ROOT = Path(__file__).resolve().parent.parent


def test_the_ceiling_is_not_routed_unless_the_benchmark_asks_for_it():
    with pytest.raises(Resolver404):
        resolve("/bench/ceiling/")


def test_with_benchmark_ceiling_on_the_ceiling_page_is_routed(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "VAR_DIR": str(tmp_path)}
    env.update(BENCHMARK_CEILING="1", DEBUG="1")
    script = (
        "import django; django.setup(); from django.urls import resolve; print(resolve('/bench/ceiling/').url_name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bench_ceiling"


def test_the_ceiling_is_a_fixed_page_of_about_two_kilobytes(rf):
    response = ceiling(rf.get("/bench/ceiling/"))
    assert response.status_code == 200
    assert 1800 <= len(response.content) <= 2500
    assert response.content == ceiling(rf.get("/bench/ceiling/")).content
