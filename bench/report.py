"""The machine's description and the Markdown report `make bench` prints and writes to docs/benchmarks.md."""

import datetime
import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path

import scenarios

CEILING = "ceiling"
P99_TARGET_MS = 50
SEARCH_MEDIAN_TARGET_MS = 50
GENERATION_TARGET = 2000
ADMIN_TARGET_MS = 300
# The share of the ceiling's requests/s a page must reach, where the issue sets one.
RATIO_TARGETS = {"article, cached": 0.80, "article, uncached": 0.30}
FAR_FUTURE_SECONDS = 365 * 24 * 3600


def machine():
    """CPU, memory and kernel, read from /proc."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    return {
        "load": Path("/proc/loadavg").read_text().split()[0],
        "cpus": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "memory_gb": int(memory.group(1)) / 1024 / 1024 if memory else 0,
        "kernel": platform.release(),
    }


@dataclass
class First:
    """A page's one request that misses the cache, and the page cache's answer right after its run."""

    milliseconds: float
    outcome: str
    after_run: str = ""

    def __str__(self):
        return f"{self.milliseconds:,.0f} ms ({self.outcome})"


@dataclass
class Results:
    started: datetime.datetime
    machine: dict
    versions: dict
    database: str
    cache: str
    articles: int
    runs: list = field(default_factory=list)  # measure.WrkResult, the ceiling first
    first_requests: dict = field(default_factory=dict)  # endpoint name -> First
    generation: dict | None = None  # {"count", "seconds", "rate", "reused"}
    sqlite_generation: dict | None = None
    search: object = None  # measure.Timings
    admin: object = None  # measure.Timings
    worker_memory: list = field(default_factory=list)  # (resident MB, proportional MB) per worker
    static: list = field(default_factory=list)
    connections: int = 8
    seconds: int = 10
    threads: int = 2
    workers: int = 2
    notes: list = field(default_factory=list)
    scenarios: list = field(default_factory=list)  # scenarios.Row, issue 14's


def rate(value):
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def share(value):
    return f"{value:.0%}" if value >= 0.01 else f"{value:.2%}"


def latency(run, milliseconds):
    return f"{milliseconds:.1f} ms" if run.requests else "no answer"


def ceiling_rate(results):
    return next(run.requests_per_second for run in results.runs if run.name == CEILING)


def verdicts(results):
    """(what, target, measured, met) for every target of the issue that this run measured."""
    rows = []
    ceiling = ceiling_rate(results)
    for run in results.runs:
        if run.name == CEILING:
            continue
        if run.name in RATIO_TARGETS:
            target = RATIO_TARGETS[run.name]
            ratio = run.requests_per_second / ceiling
            rows.append((f"{run.name}: requests/s", f"≥ {target:.0%} of the ceiling", share(ratio), ratio >= target))
        rows.append(
            (
                f"{run.name}: p99 at {results.connections} connections",
                f"< {P99_TARGET_MS} ms",
                latency(run, run.p99_ms),
                run.requests > 0 and run.p99_ms < P99_TARGET_MS,
            )
        )
    if results.search:
        label = f"search median, different queries one at a time ({results.database})"
        median = results.search.median
        measured = f"{median:.1f} ms" if results.search.samples_ms else "no answer"
        met = median < SEARCH_MEDIAN_TARGET_MS and not results.search.failures
        rows.append((label, f"< {SEARCH_MEDIAN_TARGET_MS} ms", measured, met))
    if results.generation and not results.generation.get("reused"):
        rate = results.generation["rate"]
        label = f"generation of {results.generation['count']:,} articles ({results.database})"
        rows.append(
            (label, f"≥ {GENERATION_TARGET:,} articles/s", f"{rate:,.0f} articles/s", rate >= GENERATION_TARGET)
        )
    if results.admin:
        median = results.admin.median
        measured = f"{median:.0f} ms" if results.admin.samples_ms else "no answer"
        met = median < ADMIN_TARGET_MS and not results.admin.failures
        rows.append(
            (f"admin article list, median ({results.articles:,} articles)", f"< {ADMIN_TARGET_MS} ms", measured, met)
        )
    return rows


def why_missed(results, what):
    """A reason that follows from the numbers themselves, where there is one."""
    run = next((run for run in results.runs if what.startswith(f"{run.name}:")), None)
    if run is None:
        return ""
    if not run.requests:
        return f" No request was answered within the {results.seconds} s run."
    queue = results.connections / results.workers
    first = results.first_requests.get(run.name)
    ceiling = next(run for run in results.runs if run.name == CEILING)
    if "requests/s" in what:
        # A sync worker serves one request at a time: its time per request is workers / throughput.
        extra = (results.workers / run.requests_per_second - results.workers / ceiling.requests_per_second) * 1000
        return f" Each request took about {extra:,.1f} ms more of a worker's time than the ceiling's."
    if run.distinct_paths > 1 and first and first.milliseconds * queue >= P99_TARGET_MS:
        return (
            f" One of these pages alone took {first.milliseconds:,.0f} ms to make on a cache miss, and with "
            f"{results.connections} connections on {results.workers} sync workers each request also waits for "
            f"about {queue - 1:.0f} others."
        )
    if run.p50_ms * 2 < run.p99_ms:
        return f" The median is {run.p50_ms:.1f} ms: the miss is a tail of slow requests."
    return (
        f" {results.connections} connections share {results.workers} sync workers, so each request waits for about "
        f"{queue - 1:.0f} others."
    )


def markdown(results):
    ceiling = ceiling_rate(results)
    started = results.started.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    m, v = results.machine, results.versions
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py); run it again to refresh this page. The targets are those of",
        "issues 4 and 14; they are reported here, not asserted by the tests.",
        "",
        f"- **Run**: {started}, {results.articles:,} articles on {results.database}, page cache on {results.cache}",
        f"- **Machine**: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gb']:.1f} GB memory, Linux {m['kernel']}; "
        f"load average {m['load']} when the run began (anything else running skews the numbers)",
        "- **Software**: " + ", ".join(f"{name} {version}" for name, version in v.items()),
        f"- **Server**: gunicorn, {results.workers} sync workers, `DEBUG` off, `CONN_MAX_AGE=60`, on 127.0.0.1",
        f"- **Load**: `wrk -t{results.threads} -c{results.connections} -d{results.seconds}s --latency` from the same "
        "machine, so wrk, gunicorn, PostgreSQL and Redis share its CPUs",
        "",
        "| page | requests/s | p50 | p99 | share of the ceiling | size | one request, cache miss | the run |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in results.runs:
        name = f"{run.name} (`{run.path}`)"
        if run.distinct_paths > 1:
            name = f"{run.name} ({run.distinct_paths:,} different pages, e.g. `{run.path}`)"
        first = results.first_requests.get(run.name) or First(0, "")
        lines.append(
            f"| {name} | {rate(run.requests_per_second)} | {latency(run, run.p50_ms)} | {latency(run, run.p99_ms)} "
            f"| {share(run.requests_per_second / ceiling)} | {run.kilobytes_per_response:.0f} KB | {first} "
            f"| {first.after_run} |"
        )
    errors = [f"- {run.name}: {error}" for run in results.runs for error in run.errors]
    if errors:
        lines += ["", "Errors reported by wrk:", "", *errors]
    lines += [
        "",
        "The ceiling is a fixed 2 KB page from a bare Django view (newsroom/bench_views.py) in the same server, "
        "behind the same middleware.",
        "Before each run every page is purged (`manage.py purge_pages`) and the page requested once, so that it is "
        "made afresh: that request's time and `X-Page-Cache` header are in the column "
        "*one request, cache miss*. A run of one page then measures it as the page cache serves it (*the run* "
        "gives the header of a request right after the run); the uncached article and search runs request a "
        "different address each time, none requested before, so that every request misses the cache (the "
        "searches are pairs of common headline words, each pair once).",
    ]
    lines += ["", "## Targets", "", "| what | target | measured | met |", "| --- | --- | --- | --- |"]
    rows = verdicts(results)
    lines += [
        f"| {what} | {target} | {measured} | {'yes' if met else '**no**'} |" for what, target, measured, met in rows
    ]
    missed = [(what, target, measured) for what, target, measured, met in rows if not met]
    lines.append("")
    if missed:
        lines += [f"{len(missed)} of {len(rows)} targets missed:", ""]
        lines += [
            f"- Missed: {what}, {measured} against {target}.{why_missed(results, what)}"
            for what, target, measured in missed
        ]
    else:
        lines.append(f"All {len(rows)} targets met.")
    if results.scenarios:
        lines += ["", *scenarios.markdown(results.scenarios, ceiling)]
    lines += ["", "## Also measured", ""]
    if results.generation:
        g = results.generation
        if g.get("reused"):
            lines.append("- Generation: not run; the database from an earlier run was reused (`--reuse`).")
        else:
            lines.append(
                f"- Generation on {results.database}: `manage.py generate_articles {g['count']}` reported "
                f"{g['rate']:,.0f} articles/s; the whole command took {g['seconds']:.0f} s."
            )
    if results.sqlite_generation:
        g = results.sqlite_generation
        lines.append(
            f"- Generation on SQLite: `manage.py generate_articles {g['count']}` reported {g['rate']:,.0f} articles/s; "
            f"the whole command took {g['seconds']:.0f} s."
        )
    if results.search:
        lines.append(
            f"- Search, one request at a time, {len(results.search.samples_ms)} different queries, each a cache "
            f"miss: {timing(results.search)}."
        )
    if results.admin:
        lines.append(
            f"- Admin article list (`/admin/articles/article/`, logged in, one request at a time): "
            f"{timing(results.admin)}."
        )
    if results.worker_memory:
        described = "; ".join(
            f"worker {number}: {rss:.0f} MB resident, {pss:.0f} MB proportional (PSS)"
            for number, (rss, pss) in enumerate(results.worker_memory, start=1)
        )
        lines.append(f"- Memory per worker, the most seen after any run: {described}.")
    lines += ["", "## Static files", ""]
    lines.append(
        "`collectstatic --noinput` ran with `CompressedManifestStaticFilesStorage`; whitenoise serves what the "
        "pages link to (requested with `Accept-Encoding: br, gzip`):"
    )
    lines += ["", "| file | hashed name | encoding | Cache-Control |", "| --- | --- | --- | --- |"]
    for item in results.static:
        lines.append(
            f"| `{item['path']}` | {'yes' if item['hashed'] else '**no**'} | {item['encoding']} "
            f"| `{item['cache_control']}` |"
        )
    lines += ["", *results.notes] if results.notes else []
    lines += ["", "Reproduce with `make bench` (`bench/run.py --help` for the options).", ""]
    return "\n".join(lines)


def timing(timings):
    parts = []
    if timings.samples_ms:
        parts.append(f"{len(timings.samples_ms)} answered, median {timings.median:.1f} ms, p95 {timings.p95:.1f} ms")
    if timings.failures:
        kinds = sorted({failure.rpartition(": ")[2] for failure in timings.failures})
        parts.append(f"{len(timings.failures)} failed ({', '.join(kinds)})")
    return "; ".join(parts) or "nothing measured"


def static_problems(static):
    problems = []
    for item in static:
        age = re.search(r"max-age=(\d+)", item["cache_control"])
        if not item["hashed"]:
            problems.append(f"{item['path']} has no hashed name")
        if not age or int(age.group(1)) < FAR_FUTURE_SECONDS:
            problems.append(f"{item['path']} is not cached for a year ({item['cache_control'] or 'no Cache-Control'})")
        if item["encoding"] == "none":
            problems.append(f"{item['path']} is served uncompressed")
    return problems
