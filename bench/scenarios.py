"""Issue 14's scenarios for `make bench`: readers as they really behave, while the newsroom works.

- *hot article, embedded default*: the same hot article on SQLite with no Redis (the disk cache every worker
  of one machine shares), against that server's own ceiling;
- *cold home, section and search*: every request a page made afresh (the page cache turned off);
- *newsroom day*: readers following a Zipf(1) popularity over the site's articles (and its home and section
  pages), first with no writes, then while an editor saves a draft every second and fixes a typo in a popular
  live article every 5 seconds; the page cache's hits are counted from its `X-Page-Cache` header;
- the same day behind Varnish (bench/edge.py).
"""

import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass

import measure
from harness import ROOT, say

DAY_EXPONENT = 1.0
DAY_REQUESTS_LISTED = 200_000
DRAFT_EVERY_SECONDS = 1.0
LIVE_EDIT_EVERY_SECONDS = 5.0
# Long enough for the popular part of 10,000 articles to be cached before the runs compare anything.
WARM_UP_SECONDS = 60

# wrk counts the page cache's answers (or the edge's, with another header) as it reads them.
COUNTING_LUA = (
    measure.CYCLE_LUA.replace(
        "function setup(thread)", "local threads = {}\nfunction setup(thread)\n  table.insert(threads, thread)"
    ).replace("  position = offset\n", "  position = offset\n  hits = 0\n  misses = 0\n  other = 0\n")
    + """
function response(status, headers, body)
  local outcome = headers[HEADER]
  if outcome and string.find(string.lower(outcome), "hit") then hits = hits + 1
  elseif outcome then misses = misses + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses"); o = o + t:get("other") end
  io.write(string.format("counted hits=%d misses=%d other=%d\\n", h, m, o))
end
"""
)

# Runs in `manage.py shell` for the length of a newsroom-day run: an editor at work.
EDITOR = """
import itertools, os, random, time
from django.contrib.auth import get_user_model
from articles import services
from articles.choices import Status
from articles.models import Article, Section

editor = get_user_model().objects.get(username=os.environ["BENCH_EDITOR"])
popular = [int(pk) for pk in os.environ["BENCH_LIVE_IDS"].split(",")]
draft = Article(headline="A draft the desk is writing", section=Section.objects.first(), status=Status.DRAFT,
                body="<p>First words.</p>")
services.article_save(article=draft, by=editor)
stop = time.monotonic() + float(os.environ["BENCH_SECONDS"])
draft_every, live_every = float(os.environ["BENCH_DRAFT_EVERY"]), float(os.environ["BENCH_LIVE_EVERY"])
next_draft = next_live = time.monotonic()
drafts = edits = 0
while time.monotonic() < stop:
    now = time.monotonic()
    if now >= next_draft:
        draft.refresh_from_db()
        draft.body += f"<p>Another paragraph, {drafts}.</p>"
        services.article_save(article=draft, by=editor, base_version=draft.version)
        drafts, next_draft = drafts + 1, next_draft + draft_every
    if live_every and now >= next_live:
        article = Article.objects.get(pk=random.choice(popular))
        fixed = article.body.replace("teh ", "the ", 1)
        article.body = fixed if fixed != article.body else article.body + "<p>teh </p>"
        services.article_save(article=article, by=editor, base_version=article.version)
        edits, next_live = edits + 1, next_live + live_every
    time.sleep(max(0.0, min(next_draft, next_live if live_every else next_draft) - time.monotonic()))
Article.objects.filter(pk=draft.pk).delete()
print(f"editor: {drafts} draft saves, {edits} live edits")
"""


@dataclass
class Counted:
    run: measure.WrkResult
    hits: int
    misses: int
    other: int

    @property
    def hit_ratio(self):
        counted = self.hits + self.misses + self.other
        return self.hits / counted if counted else 0.0


def zipf_paths(paths, count, *, exponent=DAY_EXPONENT, seed=14):
    """`count` requests over `paths`, the first the most popular: rank r is requested in proportion to 1/r^exponent."""
    weights = [1 / rank**exponent for rank in range(1, len(paths) + 1)]
    return random.Random(seed).choices(paths, weights=weights, k=count)


def counted_run(wrk, base, name, paths_file, *, seconds, workdir, header="X-Page-Cache", connections=8, threads=2):
    script = workdir / "counting.lua"
    script.write_text(f'HEADER = "{header}"\n' + COUNTING_LUA)
    first = paths_file.read_text().split("\n", 1)[0]
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s", "-s"]
    command += [str(script), base + first, "--", str(paths_file), str(threads)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)  # noqa: S603
    counted = re.search(r"counted hits=(\d+) misses=(\d+) other=(\d+)", completed.stdout)
    if not counted:
        raise RuntimeError(f"wrk printed no counts:\n{completed.stdout}")
    distinct = len(set(paths_file.read_text().split()))
    run = measure.WrkResult(name, first, *measure.parse_wrk(completed.stdout), distinct_paths=distinct)
    return Counted(run, *map(int, counted.groups()))


class Editor:
    """`manage.py shell` saving a draft every second and editing a popular live article every 5 s, in the background."""

    def __init__(self, env, username, live_ids, seconds, *, live_every=LIVE_EDIT_EVERY_SECONDS):
        self.env = {
            **env,
            "BENCH_EDITOR": username,
            "BENCH_LIVE_IDS": ",".join(map(str, live_ids)),
            "BENCH_SECONDS": str(seconds),
            "BENCH_DRAFT_EVERY": str(DRAFT_EVERY_SECONDS),
            "BENCH_LIVE_EVERY": str(live_every),
        }
        self.seconds = seconds
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", EDITOR],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self

    def __exit__(self, *exc):
        output, _ = self.process.communicate(timeout=self.seconds + 60)
        self.said = output.strip().splitlines()[-1] if output.strip() else ""
        if self.process.returncode != 0:
            raise RuntimeError(f"The editor's saves failed:\n{output[-2000:]}")
        say(self.said)


def newsroom_day(wrk, base, env, facts, workdir, *, seconds, username, header="X-Page-Cache", label="newsroom day"):
    """(readers alone, readers while the editor works): each a Counted, after a warm-up of the same readers."""
    site = ["/", facts["section"], *facts["day"]]
    requests = zipf_paths(site, DAY_REQUESTS_LISTED)
    paths_file = workdir / "day.txt"
    paths_file.write_text("\n".join(requests) + "\n")
    popular = facts["day_ids"][:100]
    say(f"{label}: warming up for {WARM_UP_SECONDS} s")
    counted_run(wrk, base, f"{label}, warm-up", paths_file, seconds=WARM_UP_SECONDS, workdir=workdir, header=header)
    quiet = counted_run(wrk, base, f"{label}, no writes", paths_file, seconds=seconds, workdir=workdir, header=header)
    say(f"{label}, no writes: {quiet.run.requests_per_second:,.0f} requests/s, hits {quiet.hit_ratio:.1%}")
    with Editor(env, username, popular, seconds + 2):
        busy = counted_run(
            wrk, base, f"{label}, editors at work", paths_file, seconds=seconds, workdir=workdir, header=header
        )
    say(f"{label}, editors at work: {busy.run.requests_per_second:,.0f} requests/s, hits {busy.hit_ratio:.1%}")
    return quiet, busy


def embedded_env(env, sqlite_path, workdir):
    """The embedded default: SQLite, and no Redis (the page cache the workers of one machine share)."""
    embedded = {**env, "DATABASE_URL": f"sqlite:///{sqlite_path}", "MEDIA_ROOT": str(workdir / "sqlite-uploads")}
    embedded.pop("REDIS_URL", None)
    embedded["VAR_DIR"] = str(workdir / "embedded-var")
    os.makedirs(embedded["VAR_DIR"], exist_ok=True)
    return embedded


@dataclass
class Row:
    """One line of the scenarios' table: a run, and the target it is held to."""

    scenario: str
    run: measure.WrkResult
    target: str
    measured: str
    met: bool
    hit_ratio: float | None = None
    ceiling: float | None = None  # the requests/s of the ceiling this run is compared with, when not the main one


def from_the_main_runs(runs, ceiling):
    """Issue 14's targets for the hot and the cold article, read off the runs of bench/run.py."""
    rows = []
    for run in runs:
        ratio = share_of(run, ceiling)
        if run.name == "article, cached":
            rows.append(
                Row("hot article, PostgreSQL + Redis", run, "≥ 85% of the ceiling", f"{ratio:.0%}", ratio >= 0.85)
            )
        elif run.name == "article, uncached":
            rows += [
                Row("cold article: throughput", run, "≥ 10% of the ceiling", f"{ratio:.1%}", ratio >= 0.10),
                Row("cold article: p99", run, "< 50 ms", f"{run.p99_ms:.1f} ms", run.p99_ms < 50),
            ]
    return rows


def share_of(run, ceiling):
    return run.requests_per_second / ceiling if ceiling else 0.0


def cold_pages(wrk, server, facts, workdir, seconds, ceiling):
    """Home, section and search with the page cache off: what every request costs when none is a hit."""
    words = facts["words"]
    searches = workdir / "cold-search.txt"
    count = len(words)
    # Every pair of words once (200 words make 40,000 pairs): no search repeats within a run.
    pairs = (f"{words[n % count]}+{words[n // count % count]}" for n in range(5000))
    searches.write_text("\n".join(f"/search/?q={pair}" for pair in pairs) + "\n")
    rows = []
    for name, path, paths in (
        ("cold home", "/", None),
        ("cold section", facts["section"], None),
        ("cold search", None, searches),
    ):
        first = path or searches.read_text().split("\n", 1)[0]
        run = measure.run_wrk(
            wrk,
            f"http://127.0.0.1:{server.port}",
            name,
            first,
            threads=2,
            connections=8,
            seconds=seconds,
            paths_file=paths,
            workdir=workdir,
        )
        ratio = share_of(run, ceiling)
        rows.append(Row(name, run, "≥ 5% of the ceiling", f"{ratio:.1%}", ratio >= 0.05))
        say(f"{name}: {run.requests_per_second:,.0f} requests/s ({ratio:.1%} of the ceiling), p99 {run.p99_ms:.1f} ms")
        server.wait_until_idle(20)
    return rows


def day_rows(quiet, busy, label):
    kept = busy.run.requests_per_second / quiet.run.requests_per_second if quiet.run.requests_per_second else 0.0
    return [
        Row(
            f"{label}, no writes",
            quiet.run,
            "(the reference)",
            f"{quiet.run.requests_per_second:,.0f} requests/s",
            True,
            quiet.hit_ratio,
        ),
        Row(
            f"{label}, editors at work: throughput",
            busy.run,
            "≥ 90% of no writes",
            f"{kept:.0%}",
            kept >= 0.90,
            busy.hit_ratio,
        ),
        Row(
            f"{label}, editors at work: hit ratio",
            busy.run,
            "≥ 95%",
            f"{busy.hit_ratio:.1%}",
            busy.hit_ratio >= 0.95,
            busy.hit_ratio,
        ),
        Row(
            f"{label}, editors at work: p99",
            busy.run,
            "< 50 ms",
            f"{busy.run.p99_ms:.1f} ms",
            busy.run.p99_ms < 50,
            busy.hit_ratio,
        ),
    ]


def hot_embedded(wrk, env, sqlite_path, workdir, seconds, server_class):
    """The hot article on the embedded default, against the ceiling of the same server."""
    from harness import manage

    embedded = embedded_env(env, sqlite_path, workdir)
    newest = manage(embedded, "shell", "-c", NEWEST).strip().splitlines()[-1]
    server = server_class(embedded, 2, workdir / "gunicorn-embedded.log")
    base = f"http://127.0.0.1:{server.port}"
    try:
        server.start()
        measure.get_ok(server.port, newest)
        for path in ("/bench/ceiling/", newest):  # warm both workers
            measure.run_wrk(wrk, base, "warm-up", path, threads=2, connections=2, seconds=2)
        ceiling = measure.run_wrk(
            wrk, base, "ceiling, embedded", "/bench/ceiling/", threads=2, connections=8, seconds=seconds
        )
        server.wait_until_idle(20)
        hot = measure.run_wrk(
            wrk, base, "hot article, embedded default", newest, threads=2, connections=8, seconds=seconds
        )
    finally:
        server.stop()
    ratio = share_of(hot, ceiling.requests_per_second)
    say(f"hot article, embedded default: {hot.requests_per_second:,.0f} requests/s, {ratio:.0%} of its ceiling")
    return [
        Row(
            "ceiling, embedded default (SQLite, no Redis)",
            ceiling,
            "(the reference)",
            f"{ceiling.requests_per_second:,.0f} requests/s",
            True,
            ceiling=ceiling.requests_per_second,
        ),
        Row(
            "hot article, embedded default",
            hot,
            "≥ 85% of its ceiling",
            f"{ratio:.0%}",
            ratio >= 0.85,
            ceiling=ceiling.requests_per_second,
        ),
    ]


NEWEST = "from articles.models import Article; print(Article.objects.published().order_by('-publish_at').first().get_absolute_url())"  # noqa: E501


def run_all(wrk, env, facts, workdir, *, seconds, ceiling, username, sqlite_path, server_class, empty_cache):
    """Every scenario of issue 14 this machine can run, as table rows; notes on what could not run."""
    from harness import HarnessError

    rows, notes = [], []
    postgres_url = env["DATABASE_URL"] if env["DATABASE_URL"].startswith("postgres") else None
    cold = server_class({**env, "PAGE_CACHE_SECONDS": "0"}, 2, workdir / "gunicorn-cold.log", postgres_url)
    try:
        cold.start()
        for path in ("/", facts["section"], "/search/?q=warm"):
            measure.run_wrk(wrk, f"http://127.0.0.1:{cold.port}", "warm-up", path, threads=2, connections=2, seconds=2)
        cold.wait_until_idle(20)
        rows += cold_pages(wrk, cold, facts, workdir, seconds, ceiling)
    finally:
        cold.stop()

    empty_cache(env.get("REDIS_URL"))
    day = server_class(env, 2, workdir / "gunicorn-day.log", postgres_url)
    try:
        day.start()
        base = f"http://127.0.0.1:{day.port}"
        rows += day_rows(
            *newsroom_day(wrk, base, env, facts, workdir, seconds=seconds, username=username), "newsroom day"
        )
    finally:
        day.stop()

    import edge  # it builds on this module

    try:
        rows += edge.varnish_day(
            wrk, env, facts, workdir, seconds=seconds, ceiling=ceiling, username=username, server_class=server_class
        )
    except (HarnessError, RuntimeError) as error:
        notes.append(f"The newsroom day behind Varnish could not be measured: {error}")

    if sqlite_path and sqlite_path.exists():
        try:
            rows += hot_embedded(wrk, env, sqlite_path, workdir, seconds, server_class)
        except (HarnessError, RuntimeError) as error:
            notes.append(f"The embedded default's hot article could not be measured: {error}")
    else:
        notes.append("The embedded default (SQLite, no Redis) was not measured: run without --skip-sqlite.")
    return rows, notes


def markdown(rows, ceiling):
    """The scenarios' section of docs/benchmarks.md."""
    lines = [
        "## Readers as they behave (issue 14)",
        "",
        "| scenario | requests/s | p50 | p99 | share of the ceiling | page-cache hits | target | measured | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        run = row.run
        hits = f"{row.hit_ratio:.1%}" if row.hit_ratio is not None else ""
        met = "yes" if row.met else "**no**"
        lines.append(
            f"| {row.scenario} | {run.requests_per_second:,.0f} | {run.p50_ms:.1f} ms | {run.p99_ms:.1f} ms "
            f"| {share_of(run, row.ceiling or ceiling):.1%} | {hits} | {row.target} | {row.measured} | {met} |"
        )
    lines += [
        "",
        "*Cold* pages are served with the page cache off (`PAGE_CACHE_SECONDS=0`), so every request is made "
        "afresh; the searches cycle through 5,000 different two-word queries. The *newsroom day* sends readers "
        f"over the home page, the busiest section and {DAY_REQUESTS_LISTED:,} requests drawn from a Zipf(1) "
        "popularity over the site's articles, after a warm-up of the same readers; then the same readers while a "
        f"`manage.py shell` editor saves a draft every {DRAFT_EVERY_SECONDS:.0f} s and fixes a typo in one of the "
        f"100 most popular live articles every {LIVE_EDIT_EVERY_SECONDS:.0f} s, through `articles.services`. "
        "Hits are counted from each answer's `X-Page-Cache` header.",
        "",
    ]
    return lines
