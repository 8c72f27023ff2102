"""Readers' pages are fast on a phone: Lighthouse's mobile performance score is 95 or more on the article and home
pages, their largest paint is the lead picture, fetched first and never lazily, and no page ships more than 40 KB
of HTML compressed.

Measured on `make serve` (production settings, gunicorn, whitenoise) over plain HTTP on 127.0.0.1, with Django
serving the uploads as nginx would, by Lighthouse (package.json pins it) in Debian's Chromium.
"""

import gzip
import json
import os
import subprocess

import pytest

from tests.helpers.served_site import (
    EDITOR_PASSWORD,
    REFERENCE_ARTICLE,
    ROOT,
    free_port,
    manage,
    request,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)
from tests.helpers.served_site import HOST as SITE_HOST

pytestmark = [pytest.mark.browser, pytest.mark.server]

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
HOST = "127.0.0.1"
PAGES = {"article": REFERENCE_ARTICLE, "home": "/"}
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]
# What Lighthouse's mobile profile emulates: a mid-range phone's screen.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True}
LARGEST_PAINT = """() => new Promise(resolve => new PerformanceObserver(list => {
    const element = list.getEntries().at(-1).element;
    resolve({
        tag: element.tagName, figure: element.closest("figure, article")?.className ?? "",
        loading: element.getAttribute("loading"), fetchpriority: element.getAttribute("fetchpriority"),
    });
}).observe({type: "largest-contentful-paint", buffered: true}))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`make serve` on 127.0.0.1 over HTTP, the demo loaded, its uploads served: the address."""
    folder = tmp_path_factory.mktemp("reader-speed")
    port = free_port()
    env_file = write_env_file(
        folder, PORT=str(port), ALLOWED_HOSTS=f"{SITE_HOST},{HOST}", SECURE_SSL_REDIRECT="false", SERVE_UPLOADS="true",
        MEDIA_URL="/uploads/",
    )  # fmt: skip
    process = start_serving(env_file, folder / "serve.log")
    try:
        wait_until_up(process, port, folder / "serve.log")
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        yield f"http://{HOST}:{port}"
    finally:
        stop_serving(process)


def lighthouse(address):
    command = [
        str(LIGHTHOUSE), address, "--only-categories=performance", "--output=json", "--output-path=stdout", "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_the_page_95_or_more_for_performance_on_a_phone(site, name):
    report = lighthouse(site + PAGES[name])
    assert report["configSettings"]["formFactor"] == "mobile"
    score = round(report["categories"]["performance"]["score"] * 100)
    metrics = {metric: report["audits"][metric]["displayValue"] for metric in METRICS}
    assert score >= 95, f"Lighthouse scored the {name} page {score}: {metrics}"


@pytest.mark.parametrize("name", PAGES)
def test_the_largest_paint_is_the_lead_picture_fetched_first_and_never_lazily(site, browser, name):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(site + PAGES[name], wait_until="load")
        largest = page.evaluate(LARGEST_PAINT)
    finally:
        context.close()
    lead = "lead-image" if name == "article" else "card--lead"
    assert largest["tag"] == "IMG" and lead in largest["figure"], largest
    assert largest["loading"] != "lazy" and largest["fetchpriority"] == "high"


@pytest.mark.parametrize(
    "path", [*PAGES.values(), "/section/asia/", "/tag/taiwan/", "/search/?q=taiwan", "/corrections/", "/about/"]
)
def test_no_page_ships_more_than_40_kb_of_html_compressed(site, path):
    status, headers, page = request(int(site.rsplit(":", 1)[1]), path, host=HOST, https=False)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert len(gzip.compress(page.encode())) <= 40 * 1024
