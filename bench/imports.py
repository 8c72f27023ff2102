"""`make bench-imports` (also the last step of `make bench`): import speed, and the WXR reader's memory.

    .venv/bin/python bench/imports.py [--articles 2000] [--memory-items 100000]

1. On SQLite, and on PostgreSQL when it answers at BENCH_DATABASE_URL (a database
   newsroom_bench_imports is dropped and created): a WordPress export of N posts (written by
   tests/articles/imports/wxr_factory.py: four paragraphs, a category, a tag, block-editor markup) is
   imported with `import_articles --create-sections`, then imported again (every item unchanged);
   the database is exported with `export_articles`, emptied, and the JSON Lines imported, twice.
   Articles/s count the whole command, start-up included; featured images are left out (no
   --media-dir), so Pillow's renditions are not in the figures.
2. The WXR reader alone streams an export of 10,000 and of --memory-items (100,000) items in a child
   process; its peak resident memory shows whether memory stays flat as the file grows.

Writes docs/import-benchmarks.md. Exits non-zero only when the benchmark itself could not run.
"""

import argparse
import datetime
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import report
from harness import ROOT, HarnessError, manage, postgres_answers, recreate_postgres, say

sys.path.insert(0, str(ROOT))
from tests.transfer.wxr_factory import write_large_wxr  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_imports"
IMPORT_TIMEOUT = 1800
READ_ONLY = """
import json, resource, sys, time
import django
django.setup()
from pathlib import Path
from transfer.readers.wordpress import read_wordpress
start = time.monotonic()
items = sum(1 for _ in read_wordpress(Path(sys.argv[1])))
print(json.dumps({"items": items, "seconds": time.monotonic() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def timed(env, *args):
    """Run a manage.py command; (seconds, its output)."""
    start = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        output, _ = process.communicate(timeout=IMPORT_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        process.kill()
        raise HarnessError(f"manage.py {' '.join(args)} did not finish within {IMPORT_TIMEOUT} s") from error
    seconds = time.monotonic() - start
    if process.returncode != 0:
        tail = output.decode(errors="replace").strip().splitlines()[-10:]
        raise HarnessError(f"manage.py {' '.join(args)} failed:\n" + "\n".join(tail))
    return seconds, output.decode(errors="replace")


def fresh_database(env, database):
    if database == "PostgreSQL":
        recreate_postgres(env["DATABASE_URL"])
    else:
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    manage(env, "migrate", "--no-input")


def measure_database(env, database, count, workdir):
    rows = []
    wxr = workdir / "export.xml"
    if not wxr.exists():
        write_large_wxr(wxr, count)
    fresh_database(env, database)
    for run in ("first import", "re-import, unchanged"):
        seconds, output = timed(env, "import_articles", str(wxr), "--create-sections")
        say(f"{database} WXR {run}: {count / seconds:,.0f} articles/s — {output.strip().splitlines()[-1]}")
        rows.append((database, "WordPress WXR", run, count, seconds))
    exported = workdir / f"export-{database.lower()}"
    manage(env, "export_articles", "--output", str(exported), "--verbosity", "0", timeout=IMPORT_TIMEOUT)
    fresh_database(env, database)
    for run in ("first import", "re-import, unchanged"):
        seconds, output = timed(env, "import_articles", str(exported / "articles.jsonl"))
        say(f"{database} JSON Lines {run}: {count / seconds:,.0f} articles/s — {output.strip().splitlines()[-1]}")
        rows.append((database, "JSON Lines", run, count, seconds))
    return rows


def reader_memory(env, sizes, workdir):
    rows = []
    for items in sizes:
        path = workdir / f"reader-{items}.xml"
        write_large_wxr(path, items)
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "-c", READ_ONLY, str(path)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=IMPORT_TIMEOUT,
        )  # fmt: skip
        if completed.returncode != 0:
            raise HarnessError(f"reading {path.name} failed:\n{completed.stderr[-2000:]}")
        result = json.loads(completed.stdout.splitlines()[-1])
        result["megabytes"] = path.stat().st_size / 1024 / 1024
        say(f"reader, {items:,} items ({result['megabytes']:,.0f} MB): peak {result['peak_mb']:.0f} MB resident")
        rows.append((items, result))
        path.unlink()
    return rows


def markdown(started, machine, count, rows, memory):
    m = machine
    lines = [
        "# Import benchmarks",
        "",
        "Written by `make bench-imports` (bench/imports.py; also run by `make bench`). Each figure is one run of the",
        "whole `manage.py import_articles` command, start-up included, on a database of its own; no featured images.",
        "",
        f"- **Run**: {started:%Y-%m-%d %H:%M UTC}, {count:,} articles per import",
        f"- **Machine**: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gb']:.1f} GB memory; load average {m['load']} at "
        "the start",
        "",
        "| database | format | run | articles | seconds | articles/s |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for database, fmt, run, articles, seconds in rows:
        lines.append(f"| {database} | {fmt} | {run} | {articles:,} | {seconds:,.1f} | {articles / seconds:,.0f} |")
    lines += [
        "",
        "The WordPress reader alone (two streaming passes over the file, no database), in a process of its own:",
        "",
        "| items | file | seconds | peak resident memory |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for items, result in memory:
        lines.append(
            f"| {items:,} | {result['megabytes']:,.0f} MB | {result['seconds']:,.1f} | {result['peak_mb']:,.0f} MB |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per import (default 2,000)")
    parser.add_argument("--memory-items", type=int, default=100_000, help="items of the large WXR file (100,000)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "import-benchmarks.md")
    args = parser.parse_args(argv)

    started = datetime.datetime.now(datetime.UTC)
    machine = report.machine()
    database_url = os.environ.get("BENCH_DATABASE_URL_IMPORTS", DEFAULT_DATABASE_URL)
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-imports-") as temporary:
        workdir = Path(temporary)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "MEDIA_ROOT": str(workdir / "uploads"),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)
        rows = []
        databases = [("SQLite", f"sqlite:///{workdir / 'imports.sqlite3'}")]
        if postgres_answers(database_url):
            databases.append(("PostgreSQL", database_url))
        for database, url in databases:
            rows += measure_database({**env, "DATABASE_URL": url}, database, args.articles, workdir)
        memory = reader_memory({**env, "DATABASE_URL": databases[0][1]}, sorted({10_000, args.memory_items}), workdir)
    text = markdown(started, machine, args.articles, rows, memory)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print()
    print(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessError as error:
        say(f"failed: {error}")
        sys.exit(1)
