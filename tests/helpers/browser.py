"""The admin and the site in a real browser: logging in, widgets, accessibility and the policy's reports."""

import json
from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import watch_for_problems
from tests.helpers.logins import PASSWORD


def log_in(page, base_url, user):
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)


def choose_autocomplete(page, select_id, search, choice):
    """Pick `choice` in the admin's select2 autocomplete widget of <select id=select_id>."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-container--open .select2-results__option:text-is('{choice}')")
    expect(page.locator(f"#{select_id} option:checked")).to_have_text(choice)


# Installed with `npm ci` (package.json), as `make test` does.
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def serious_violations(page, **options):
    """What axe-core finds in `page` with a serious or critical impact."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        # Evaluated rather than added as a <script>, which a strict Content-Security-Policy would block.
        page.evaluate(AXE.read_text())
    results = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"], **options})
    return [violation for violation in results["violations"] if violation["impact"] in SERIOUS]


def describe(violations):
    return json.dumps(
        [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [{"target": node["target"], "summary": node["failureSummary"]} for node in violation["nodes"]],
            }
            for violation in violations
        ],
        indent=2,
        ensure_ascii=False,
    )


RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.violations.push(`${event.effectiveDirective} ${event.blockedURI || "inline"} (${event.sourceFile})`);
});
"""


def watched(page):
    """`page` recording policy violations; the list of console errors and failed requests."""
    page.add_init_script(RECORD_VIOLATIONS)
    return watch_for_problems(page)


def violations(page):
    return page.evaluate("window.violations")


def failures(problems):
    # Moving on to the next page cancels the pictures still loading on this one, and the admin's autocomplete
    # cancels the search it no longer needs as more is typed: neither is a failure.
    return [problem for problem in problems if not problem.endswith("net::ERR_ABORTED")]
