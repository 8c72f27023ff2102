"""Every page type of the demo site, checked by axe-core in the real browser, and photographed."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.conftest import watch_for_problems
from tests.helpers.browser import AXE, describe, serious_violations
from tests.helpers.demo_pages import demo_page_urls

pytestmark = pytest.mark.browser


# Every run photographs the pages into test-results/ (ignored by git). The README shows two of
# them from docs/screenshots/; `UPDATE_SCREENSHOTS=1 make test` refreshes those on purpose.
RESULTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
PUBLISHED = {("home", 390): "home-390.png", ("article", 1280): "article-1280.png"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_paths(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    return demo_page_urls()


def wait_for_visible_images(page):
    page.wait_for_function(
        "[...document.images].filter(img => img.getBoundingClientRect().top < innerHeight).every(img => img.complete)"
    )


def save_screenshots(page, name):
    for width, viewport in [(1280, DESKTOP), (390, PHONE)]:
        page.set_viewport_size(viewport)
        wait_for_visible_images(page)
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{name}-{width}.png"
        page.screenshot(path=path, animations="disabled", caret="hide")
        if os.environ.get("UPDATE_SCREENSHOTS") and (name, width) in PUBLISHED:
            shutil.copyfile(path, Path(settings.BASE_DIR) / "docs" / "screenshots" / PUBLISHED[name, width])
    page.set_viewport_size(DESKTOP)


def test_no_page_type_has_a_serious_accessibility_violation_or_logs_an_error(live_server, page, demo_paths, subtests):
    """In light and dark colour schemes; the home and article pages are photographed on the way."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it with npm.")
    problems = watch_for_problems(page)
    for name, path in demo_paths.items():
        with subtests.test(page=name):
            problems.clear()
            page.goto(live_server.url + path)

            violations = serious_violations(page)
            page.emulate_media(color_scheme="dark")
            dark_violations = serious_violations(page, runOnly=["color-contrast"])
            page.emulate_media(color_scheme="light")
            if name in {"home", "article"}:
                save_screenshots(page, name)

            assert not violations, f"axe finds serious violations on the {name} page:\n{describe(violations)}"
            assert not dark_violations, (
                f"axe finds serious violations on the {name} page in the dark scheme:\n{describe(dark_violations)}"
            )
            assert problems == []
