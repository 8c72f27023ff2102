"""Varnish 7 with deploy/varnish.vcl, in front of a served site, in a process of its own (`make varnish`)."""

import re
import subprocess

import pytest

from tests.helpers.served_site import ROOT, request
from tests.helpers.waiting import wait_until

VARNISHD = "/usr/sbin/varnishd"


def start_varnish(folder, port, backend_port, stale_while_revalidate=30):
    """varnishd on `port` with the shipped VCL, its backend moved to `backend_port`, and its grace while the site
    answers set to `stale_while_revalidate` seconds, as an operator keeps it in step with the site's."""
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    for setting, value in [(r'\.port = "8000";', f'.port = "{backend_port}";'),
                           (r"set req\.grace = 30s;", f"set req.grace = {stale_while_revalidate}s;")]:  # fmt: skip
        vcl, changed = re.subn(setting, value, vcl)
        assert changed == 1, f"deploy/varnish.vcl no longer holds {setting!r} as the test expects"
    (folder / "newsroom.vcl").write_text(vcl)
    log = folder / "varnishd.log"
    command = [
        VARNISHD, "-F", "-j", "none", "-n", str(folder / "varnish"), "-f", str(folder / "newsroom.vcl"),
        "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0", "-s", "malloc,64m",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)

    def answering():
        if process.poll() is not None:
            pytest.fail(f"varnishd stopped with status {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            return request(port, "/robots.txt")[0] == 200
        except OSError:
            return False

    wait_until(answering, what=f"Varnish answering on port {port}", seconds=60, every=0.2)
    return process


def stop_varnish(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
