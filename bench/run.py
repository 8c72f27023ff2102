"""`make bench`: the site at newsroom scale, measured, and docs/benchmarks.md written (issue 4).

    .venv/bin/python bench/run.py [--reuse] [--articles 100000] [--seconds 10] [--skip-sqlite]

Everything runs on 127.0.0.1 and every step is bounded in time; a full run takes a few minutes.

1. The database: PostgreSQL at BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/newsroom_bench
   unless set) when it answers, else SQLite under var/bench/. It is dropped, created, migrated and
   filled by `manage.py generate_articles 100000`, timed. With --reuse, a database that already holds
   that many articles is kept. Its uploads are kept in var/bench/postgresql/ (or sqlite/) to match.
   Then 20,000 articles go into a throw-away SQLite database for SQLite's generation rate
   (--skip-sqlite leaves that out).
2. Production settings: DEBUG off, a random SECRET_KEY, ALLOWED_HOSTS 127.0.0.1 and localhost,
   CONN_MAX_AGE=60, Redis database 14 (BENCH_REDIS_URL; emptied first) as the cache when Redis
   answers, static files collected into a temporary STATIC_ROOT.
3. gunicorn, 2 sync workers, on a free port, with BENCHMARK_CEILING on so that /bench/ceiling/
   (newsroom/bench_views.py) exists.
4. wrk -t2 -c8 -d10s --latency against: the ceiling; one article as the page cache serves it; the
   home page; the busiest section; the RSS feed; the content API's item and first page of its sync; then,
   each request a different page never requested before (so a cache miss), articles, API items, API
   lists from different starting times, and searches for pairs of headline words. Each page
   gets a short warm-up, then one timed request after every page is purged (`purge_pages`); between
   runs gunicorn is left to finish what wrk queued, or restarted if it cannot. Then issue 14's
   scenarios (bench/scenarios.py, bench/edge.py): cold pages, a newsroom day, Varnish in front.
5. One request at a time, each a cache miss: 50 searches for different words, and the admin
   article list 20 times, logged in as a superuser made for the run. Each worker's peak memory.
6. The report, printed and written to docs/benchmarks.md: the machine, the table with each page's
   share of the ceiling's requests/s, the issue's targets, which were missed and what the numbers
   say about why, and the static files' names and headers as whitenoise serves them.

Targets are reported, not asserted: the exit status is 0 whether or not they are met, and
non-zero only when the benchmark itself could not run.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import measure
import report
import scenarios
from facts import ADMIN_USERNAME, MAKE_ADMIN, SITE_FACTS
from harness import (
    ROOT,
    HarnessError,
    empty_cache,
    manage,
    postgres_answers,
    recreate_postgres,
    redis_answers,
    say,
    versions,
)
from server import Server

BENCH_VAR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
WORKERS = 2
THREADS = 2
CONNECTIONS = 8
UNCACHED_ARTICLES = 10_000
SEARCH_SEQUENTIAL = 50
SEARCHES = 5000
ADMIN_REQUESTS = 20
SQLITE_ARTICLES = 20_000
DAY_ARTICLES = 10_000
IDLE_SECONDS = 20
SEQUENTIAL_BUDGET = 60
GENERATE_TIMEOUT = 600

# --- the database -----------------------------------------------------------------------------


def article_count(env):
    try:
        output = manage(env, "shell", "-c", "from articles.models import Article; print(Article.objects.count())")
    except HarnessError:
        return 0
    return int(output.split()[-1])


def generate(env, count):
    """Run generate_articles; (rate it reported, seconds the command took)."""
    start = time.monotonic()
    output = manage(env, "generate_articles", str(count), timeout=GENERATE_TIMEOUT)
    seconds = time.monotonic() - start
    reported = re.findall(r"\(([\d,.]+) articles/s\)", output)
    rate = float(reported[-1].replace(",", "")) if reported else count / seconds
    return {"count": count, "rate": rate, "seconds": seconds}


def prepare_database(env, args, database):
    """Build (or with --reuse keep) the bench database; the generation measurement, or None when reused."""
    if args.reuse:
        manage(env, "migrate", "--no-input")
        existing = article_count(env)
        if existing >= args.articles:
            say(f"reusing the {database} database: {existing:,} articles")
            return {"count": existing, "reused": True}
        say(f"the {database} database holds {existing:,} articles, fewer than {args.articles:,}: rebuilding")
    if database == "PostgreSQL":
        recreate_postgres(env["DATABASE_URL"])
    else:
        shutil.rmtree(BENCH_VAR / "sqlite", ignore_errors=True)
        (BENCH_VAR / "sqlite").mkdir(parents=True)
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    say("migrating")
    manage(env, "migrate", "--no-input")
    say(f"generating {args.articles:,} articles")
    result = generate(env, args.articles)
    say(f"generated at {result['rate']:,.0f} articles/s ({result['seconds']:.0f} s in all)")
    return result


def sqlite_generation(env, count, workdir):
    sqlite_env = {
        **env,
        "DATABASE_URL": f"sqlite:///{workdir / 'generate.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "sqlite-uploads"),
    }
    sqlite_env.pop("REDIS_URL", None)
    manage(sqlite_env, "migrate", "--no-input")
    say(f"generating {count:,} articles on SQLite")
    result = generate(sqlite_env, count)
    say(f"SQLite: {result['rate']:,.0f} articles/s")
    return result


# --- the runs ---------------------------------------------------------------------------------


def first_after_purge(env, port, path):
    """`path` made afresh, as the first reader after a change gets it: every page purged (`manage.py purge_pages`),
    then requested once the workers have seen the purge. (headers, body, milliseconds)"""
    manage(env, "purge_pages")
    time.sleep(0.2)  # each worker reads the tokens of its own hottest pages at most every tenth of a second
    return measure.get_ok(port, path)


def benchmark(env, args, facts, redis_url, results, workdir):
    wrk = shutil.which("wrk")
    if not wrk:
        raise HarnessError("wrk is not installed: `make bench` installs Debian's wrk, or run `apt-get install wrk`")

    def paths_file(name, paths):
        path = workdir / f"{name}.txt"
        path.write_text("\n".join(paths) + "\n")
        return path

    words = facts["words"]
    articles = [path for path in facts["sample"] if path != facts["newest"]]
    warm_articles, cold_articles = articles[:20], articles[20:]
    # The content API: one item by id, and the sync's first page; made afresh, a different item or starting time
    # each request (the API's cache keys an answer by its parameters, as pages are keyed).
    api_ids = [pk for path, pk in zip(facts["sample"], facts["sample_ids"], strict=True) if path != facts["newest"]]
    api_items = [f"/api/v1/articles/{pk}/" for pk in api_ids]
    since = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    api_lists = [
        f"/api/v1/articles/?limit=20&updated_since={since + datetime.timedelta(seconds=n):%Y-%m-%dT%H:%M:%SZ}"
        for n in range(len(api_items))
    ]
    # The headlines use a small vocabulary: a parameter no view reads keeps every search a cache miss.
    # The page cache keys a search by its query: two words never searched together make a miss.
    pairs = (f"{words[n % len(words)]} {words[n // len(words) % len(words)]}" for n in range(SEARCHES))
    search_paths = [f"/search/?q={urllib.parse.quote(pair)}" for pair in pairs]
    # (name, the path timed once as a cache miss, the paths wrk cycles through or None for that one path)
    # The slowest pages go last, so that requests still queued when their run ends delay no other run.
    endpoints = [
        (report.CEILING, "/bench/ceiling/", None),
        ("article, cached", facts["newest"], None),
        ("home", "/", None),
        ("section", facts["section"], None),
        ("RSS feed", "/feeds/rss/", None),
        ("API item, cached", f"/api/v1/articles/{facts['newest_id']}/", None),
        ("API list, cached", "/api/v1/articles/?limit=20", None),
        ("article, uncached", cold_articles[0], paths_file("articles", cold_articles[1:])),
        ("API item, uncached", api_items[20], paths_file("api-items", api_items[21:])),
        ("API list, uncached", api_lists[20], paths_file("api-lists", api_lists[21:])),
        ("search", search_paths[0], paths_file("search", search_paths[1:])),
    ]
    warm_ups = {
        "article, uncached": paths_file("warm", warm_articles),
        "API item, uncached": paths_file("warm-api-items", api_items[:20]),
        "API list, uncached": paths_file("warm-api-lists", api_lists[:20]),
        "search": paths_file("warm-search", ["/search/?q=warm"]),
    }
    postgres_url = env["DATABASE_URL"] if results.database == "PostgreSQL" else None
    server = Server(env, WORKERS, workdir / "gunicorn.log", postgres_url)
    base = f"http://127.0.0.1:{server.port}"

    def run(name, path, paths, seconds, connections=CONNECTIONS):
        return measure.run_wrk(
            wrk, base, name, path, threads=THREADS, connections=connections, seconds=seconds, paths_file=paths,
            workdir=workdir,
        )  # fmt: skip

    def settle(after):
        """Let the requests wrk left queued finish; restart gunicorn if they take too long."""
        server.record_memory()
        if not server.wait_until_idle(IDLE_SECONDS):
            results.notes.append(
                f"After the {after} run gunicorn was still busy {IDLE_SECONDS} s later with requests wrk had "
                "queued, so it was restarted (and its queries cancelled) before going on."
            )
            server.restart()
            measure.get_ok(server.port, "/bench/ceiling/")

    empty_cache(redis_url)  # pages an earlier run left under the same generation
    try:
        server.start()
        say(f"gunicorn answers on {base}; warming up")
        # Warm-ups load code and templates in both workers; the articles they read are not measured.
        for name, path, paths in endpoints:
            run(name, path, warm_ups.get(name, paths), 2, connections=2)
        settle("warm-up")
        for name, path, paths in endpoints:
            # Each page is first requested once as a cache miss (what the first reader gets after a change
            # is published); a single page is then measured as the cache serves it, a cycle on misses only.
            headers, _, first_ms = first_after_purge(env, server.port, path)
            first = report.First(first_ms, headers.get("X-Page-Cache", "not cached"))
            result = run(name, path, paths, args.seconds)
            results.runs.append(result)
            say(
                f"{name}: {result.requests_per_second:,.0f} requests/s, p50 {result.p50_ms:.1f} ms, "
                f"p99 {result.p99_ms:.1f} ms ({result.requests:,} requests); one cache miss {first}"
            )
            settle(name)
            if paths:
                every = "all misses" if result.requests <= result.distinct_paths else "some hits"
                first.after_run = f"{result.requests:,} requests, {every}"
            elif name != report.CEILING:
                first.after_run = measure.get_ok(server.port, path)[0].get("X-Page-Cache", "not cached")
            results.first_requests[name] = first
        results.static = measure.static_check(server.port)

        # Two words never searched together before: the page cache keys searches by their query alone.
        pairs = zip(words[:SEARCH_SEQUENTIAL], reversed(words[-SEARCH_SEQUENTIAL:]), strict=True)
        queries = [f"/search/?q={urllib.parse.quote(f'{one} {two}')}" for one, two in pairs]
        results.search = measure.time_sequential(server.port, queries, budget_seconds=SEQUENTIAL_BUDGET)
        say(f"search one at a time: {report.timing(results.search)}")
        settle("sequential search")

        cookie = measure.admin_login(server.port, ADMIN_USERNAME, env["BENCH_ADMIN_PASSWORD"])
        admin_list = ["/admin/articles/article/"] * (ADMIN_REQUESTS + 1)
        timings = measure.time_sequential(server.port, admin_list, {"Cookie": cookie}, budget_seconds=SEQUENTIAL_BUDGET)
        # The first request fills the workers' caches (the admin's, the templates'); it is not counted.
        results.admin = measure.Timings(timings.samples_ms[1:], timings.failures)
        say(f"admin article list: {report.timing(results.admin)}")
        server.record_memory()
    finally:
        server.stop()
    results.worker_memory = [server.peak_memory[number] for number in sorted(server.peak_memory)]
    timeouts = server.worker_timeouts()
    if timeouts:
        results.notes.append(f"gunicorn killed a worker {timeouts} times for running past its 30 s timeout.")


# --- the whole run ----------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep a bench database that already has the articles")
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate (default 100,000)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run (default 10)")
    parser.add_argument("--skip-sqlite", action="store_true", help="do not measure generation on SQLite")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)

    started = datetime.datetime.now(datetime.UTC)
    machine = report.machine()  # before the generation loads the machine
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    postgres_version = postgres_answers(database_url)
    redis_version = redis_answers(redis_url)
    notes = []
    if postgres_version:
        database = "PostgreSQL"
    else:
        database = "SQLite"
        database_url = f"sqlite:///{BENCH_VAR / 'sqlite' / 'bench.sqlite3'}"
        notes.append("PostgreSQL did not answer at BENCH_DATABASE_URL: this run used SQLite.")
    if not redis_version:
        redis_url = ""
        notes.append("Redis did not answer at BENCH_REDIS_URL: each worker had its own local-memory cache.")
    say(f"database: {database}; cache: {'Redis' if redis_url else 'local memory'}")

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as temporary:
        workdir = Path(temporary)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "60",
            "BENCHMARK_CEILING": "1",
            "SECURE_SSL_REDIRECT": "false",  # wrk talks plain HTTP to gunicorn, as nginx would
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(BENCH_VAR / database.lower() / "uploads"),
            "LOG_LEVEL": "WARNING",
            "BENCH_ADMIN_PASSWORD": secrets.token_urlsafe(24),
            # The admin list is measured behind a password alone: a second factor is a login step, not the list.
            "STAFF_2FA_REQUIRED": "false",
            # wrk is one client: the API's rate limit would refuse it after 60 requests, and the API is measured.
            "API_ANONYMOUS_PER_MINUTE": "1000000000",
        }
        if redis_url:
            env["REDIS_URL"] = redis_url
        if "generate_articles" not in manage(env, "help", "--commands").split():
            raise HarnessError(
                "manage.py generate_articles does not exist: the benchmark needs it to fill the database"
            )

        generation = prepare_database(env, args, database)
        sqlite_result = None
        if not args.skip_sqlite:
            sqlite_result = sqlite_generation(env, min(SQLITE_ARTICLES, args.articles), workdir)
        say("collecting static files")
        manage(env, "collectstatic", "--noinput")
        manage(env, "shell", "-c", MAKE_ADMIN)
        facts = json.loads(
            manage(env, "shell", "-c", SITE_FACTS.format(sample=UNCACHED_ARTICLES + 20, day=DAY_ARTICLES)).splitlines()[
                -1
            ]
        )
        if not facts["published"] or not facts["section"] or not facts["words"]:
            raise HarnessError("The bench database has no published article, section or headline words to request")

        results = report.Results(
            started=started,
            machine=machine,
            versions=versions(postgres_version, redis_version),
            database=database,
            cache="Redis" if redis_url else "local memory",
            articles=facts["articles"],
            generation=generation,
            sqlite_generation=sqlite_result,
            connections=CONNECTIONS,
            seconds=args.seconds,
            threads=THREADS,
            workers=WORKERS,
            notes=notes,
        )
        benchmark(env, args, facts, redis_url, results, workdir)
        say("issue 14's scenarios: cold pages, a newsroom day, the embedded default")
        rows, notes = scenarios.run_all(
            shutil.which("wrk"), env, facts, workdir, seconds=args.seconds, ceiling=report.ceiling_rate(results),
            username=ADMIN_USERNAME, sqlite_path=None if args.skip_sqlite else workdir / "generate.sqlite3",
            server_class=Server, empty_cache=empty_cache,
        )  # fmt: skip
        results.scenarios = scenarios.from_the_main_runs(results.runs, report.ceiling_rate(results)) + rows
        results.notes += notes
        results.notes += [f"Static files: {problem}." for problem in report.static_problems(results.static)]

    text = report.markdown(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print()
    print(text)
    say(f"written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessError as error:
        say(f"failed: {error}")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
