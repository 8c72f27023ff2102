"""The newsroom day behind Varnish (issue 14): deploy/varnish.vcl in front of gunicorn, purged by the site.

The site runs with EDGE_PURGER=varnish, so every change it makes purges its keys at this Varnish; readers
(wrk) ask Varnish only. Reported: Varnish's hit ratio (its `X-Cache` header) while the editor works, whether
any page Varnish serves after the day differs from the site's own (a page left stale after its purge), and
Varnish's requests/s for one hot article against the Django ceiling.
"""

import subprocess
from pathlib import Path

import measure
import scenarios
from harness import ROOT, HarnessError, say
from server import free_port

VARNISHD = "/usr/sbin/varnishd"
FIVE_TIMES = 5.0


def start_varnish(workdir, port, backend_port):
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    # As an operator does: the backend's address, and a host the site allows for the probe.
    for shipped, ours in (('.port = "8000";', f'.port = "{backend_port}";'), ("news.example.com", "127.0.0.1")):
        if shipped not in vcl:
            raise HarnessError(f"deploy/varnish.vcl no longer holds {shipped!r}, which the benchmark replaces")
        vcl = vcl.replace(shipped, ours)
    (workdir / "newsroom.vcl").write_text(vcl)
    command = [
        VARNISHD, "-F", "-j", "none", "-n", str(workdir / "varnish"), "-f", str(workdir / "newsroom.vcl"),
        "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0", "-s", "malloc,256m",
    ]  # fmt: skip
    log = (workdir / "varnishd.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    measure.wait_until_up(port, "/robots.txt", seconds=60)
    return process


def stale_pages(varnish_port, site_port, paths):
    """The paths whose page through Varnish is not the page the site serves now (asked with the Host that Varnish
    passes on, since a page's links name its host)."""
    stale = []
    for path in paths:
        _, through_varnish, _ = measure.get_ok(varnish_port, path)
        _, from_site, _ = measure.get_ok(site_port, path, {"Host": f"127.0.0.1:{varnish_port}"})
        if through_varnish != from_site:
            stale.append(path)
    return stale


def varnish_day(wrk, env, facts, workdir, *, seconds, ceiling, username, server_class):
    """Rows for the scenarios' table; HarnessError when Varnish is not installed (`make varnish`)."""
    if not Path(VARNISHD).exists():
        raise HarnessError("Varnish is not installed: `make varnish` installs Debian's varnish and varnish-modules")
    port = free_port()
    edge_env = {**env, "EDGE_PURGER": "varnish", "VARNISH_PURGE_URLS": f"http://127.0.0.1:{port}"}
    postgres_url = env["DATABASE_URL"] if env["DATABASE_URL"].startswith("postgres") else None
    site = server_class(edge_env, 2, workdir / "gunicorn-varnish.log", postgres_url)
    varnish = None
    try:
        site.start()
        varnish = start_varnish(workdir, port, site.port)
        base = f"http://127.0.0.1:{port}"
        quiet, busy = scenarios.newsroom_day(
            wrk, base, edge_env, facts, workdir, seconds=seconds, username=username, header="X-Cache",
            label="behind Varnish",
        )  # fmt: skip
        popular = ["/", facts["section"], *facts["day"][:100]]
        site.wait_until_idle(20)
        stale = stale_pages(port, site.port, popular)
        hot = measure.run_wrk(
            wrk, base, "hot article through Varnish", facts["newest"], threads=2, connections=8, seconds=seconds
        )
    finally:
        if varnish is not None:
            varnish.terminate()
            varnish.wait(timeout=20)
        site.stop()
    times = hot.requests_per_second / ceiling if ceiling else 0.0
    say(
        f"behind Varnish: hits {busy.hit_ratio:.1%} with the editor at work, {len(stale)} stale pages, "
        f"{times:.1f}× the ceiling"
    )
    Row = scenarios.Row
    differing = f"{len(stale)} of {len(popular)}" + (f" (e.g. `{stale[0]}`)" if stale else "")
    return [
        Row(
            "behind Varnish, no writes",
            quiet.run,
            "(the reference)",
            f"{quiet.hit_ratio:.1%} hits",
            True,
            quiet.hit_ratio,
        ),
        Row(
            "behind Varnish, editors at work: edge hit ratio",
            busy.run,
            "≥ 98%",
            f"{busy.hit_ratio:.1%}",
            busy.hit_ratio >= 0.98,
            busy.hit_ratio,
        ),
        Row("behind Varnish: pages differing from the site's after the day", busy.run, "none", differing, not stale),
        Row(
            "hot article through Varnish", hot, f"≥ {FIVE_TIMES:.0f}× the ceiling", f"{times:.1f}×", times >= FIVE_TIMES
        ),
    ]
