"""Mozilla's HTTP Observatory grades the site as `make serve` runs it A+, and no test of it counts against it.

The grading is the Observatory's own code (the npm package @mdn/mdn-http-observatory, pinned in
package-lock.json): tests/observatory/grade.mjs runs its scan() on the production server of
tests/test_production.py, with only the transport arranged (that file says how: plain HTTP redirected by the
site, HTTPS through a stand-in for nginx, and no certificate). The Observatory grades a home page; the article
and the admin's login page (a CSRF cookie, the admin's own scripts) are graded the same way.
"""

import json
import re
import shutil
import subprocess

import pytest

from tests.helpers.served_site import HOST, REFERENCE_ARTICLE, ROOT

pytestmark = pytest.mark.server

GRADE = ROOT / "tests" / "observatory" / "grade.mjs"
OBSERVATORY = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory" / "package.json"


def grade(port, path):
    """The Observatory's scan of `path`: {"scan": {"grade", "score", ...}, "tests": {name: {...}}}."""
    if shutil.which("node") is None or not OBSERVATORY.exists():
        pytest.fail(f"The HTTP Observatory needs `node` and {OBSERVATORY.parent}: `make test` installs both.")
    command = ["node", str(GRADE), "--server", f"127.0.0.1:{port}", "--host", HOST, "--path", path]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    try:
        scan = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"grade.mjs did not report in JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    assert "error" not in scan, f"The Observatory could not scan {path}: {scan['error']}\n{result.stderr}"
    return scan


def table(scan):
    """One line per test: its score modifier, whether it passed, its result and why."""
    lines = [f"{scan['path']}: {scan['scan']['grade']} ({scan['scan']['score']})"]
    for name, test in scan["tests"].items():
        why = " ".join(re.sub(r"<[^>]+>", "", test.get("scoreDescription") or "").split())
        verdict = "pass" if test["pass"] else "FAIL"
        lines.append(f"{test['scoreModifier']:+4d} {verdict} {name}: {test['result']}. {why}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", ["/", REFERENCE_ARTICLE, "/admin/login/"])
def test_the_observatory_grades_every_kind_of_page_a_plus_with_no_penalty(served_site, path):
    scan = grade(served_site, path)
    penalties = {name: test["result"] for name, test in scan["tests"].items() if test["scoreModifier"] < 0}
    assert (scan["scan"]["grade"], penalties) == ("A+", {}), table(scan)
