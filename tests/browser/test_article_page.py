"""The reference article, loaded by load_demo, as a reader's browser shows it."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from demo.content import REFERENCE_SLUG
from tests.browser.conftest import watch_for_problems
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.browser

# Kept after the run, for a person to look at the page as the browser drew it.
SCREENSHOT = Path(tempfile.gettempdir()) / "reference-article.png"

# The body of /work/shared/reference/taiwan-us-military-ties.txt, as readers see it.
REFERENCE_PARAGRAPHS = [
    "Taiwan’s Ministry of Defence announced on Wednesday (Oct 22) that it plans to deepen its military "
    "collaboration with the United States through reciprocal visits, observation of exercises, and other "
    "strategic initiatives to help maintain regional peace and stability. While the US, like most countries, "
    "does not maintain formal diplomatic ties with Taiwan, it remains the island’s key international supporter "
    "and is legally committed to providing Taiwan with the means to defend itself. In a report to parliament, "
    "Taiwan’s ministry described the US as an important strategic partner.",
    "“Our armed forces continue to strengthen Taiwan-US communication channels and advance multi-domain, "
    "multi-level strategic cooperation on defence and security,” the ministry said, noting plans to gradually "
    "expand collaboration. This includes high-level strategic and security policy dialogues, reciprocal visits, "
    "exercise observations, and operational discussions aimed at maintaining stability in the Taiwan Strait.",
    "Although military cooperation between Taiwan and the US is already significant—such as Taiwanese F-16 "
    "pilots training in Arizona—most activities are kept low-profile due to their sensitive nature. Taiwan has "
    "expressed concern over increasing military and political pressure from China, including frequent Chinese "
    "war games around the island. The ministry described China’s actions as “normalized” harassment designed to "
    "exert psychological pressure, degrade Taiwan’s defense capabilities, and demonstrate the ability to prevent "
    "third-party intervention, posing a serious regional security challenge.",
    "Taiwan also highlighted its use of international channels to share intelligence and technology, enabling "
    "better tracking of Chinese military activity, early warning, and rapid response to potential threats. The "
    "government reiterated its rejection of Beijing’s sovereignty claims, asserting that only Taiwan’s people "
    "can determine their future.",
]


@pytest.fixture
def reference_article(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    return Article.objects.get(slug=REFERENCE_SLUG)


def image_loaded(page, img):
    """Wait until the browser has decoded `img` (a locator), then say whether it has pixels."""
    img.scroll_into_view_if_needed()
    handle = img.element_handle()
    page.wait_for_function("img => img.complete", arg=handle)
    return handle.evaluate("img => img.naturalWidth > 0")


def test_the_reference_article_shows_every_element_of_the_reference_page(live_server, page, reference_article):
    problems = watch_for_problems(page)

    page.goto(live_server.url + reference_article.get_absolute_url())

    expect(page.locator(".masthead .site-name")).to_have_text("Asia In News")
    expect(page.locator("h1")).to_have_text(
        "Taiwan aims to strengthen its military relationship with the US to enhance its security."
    )
    expect(page.locator(".published")).to_have_text("Published On Wed, 22 Oct 2025")
    expect(page.locator(".byline a")).to_have_text("Nikhil Chauhan")
    expect(page.locator(".byline a")).to_have_attribute("href", "/authors/nikhil-chauhan/")
    expect(page.locator(".views")).to_have_text("1 view")
    assert image_loaded(page, page.locator(".lead-image picture img")), "the lead image did not load"
    expect(page.locator(".lead-image .credit")).to_have_text("Photo: Reuters")
    expect(page.locator(".share summary")).to_have_text("Share")
    assert image_loaded(page, page.locator(".thumbnail img")), "the thumbnail did not load"
    expect(page.locator(".article__body p")).to_have_text(REFERENCE_PARAGRAPHS)
    expect(page.locator(".disclaimer")).to_have_text("Disclaimer: This image is taken from Reuters.")
    for element in [".site-name", "h1", ".published", ".byline", ".views", ".lead-image", ".share", ".disclaimer"]:
        expect(page.locator(element)).to_be_visible()

    page.screenshot(path=SCREENSHOT, full_page=True)
    page.locator(".share summary").click()
    expect(page.locator(".share__links")).to_be_visible()
    assert problems == []


def test_opening_the_article_counts_exactly_one_view(live_server, page, reference_article):
    views = reference_article.view_count

    page.goto(live_server.url + reference_article.get_absolute_url())

    def view_count():
        return Article.objects.get(pk=reference_article.pk).view_count

    wait_until(lambda: view_count() > views, what="the page's beacon counting a view")
    page.wait_for_load_state("networkidle")  # a second beacon, had the page sent one, has arrived by now
    assert view_count() == views + 1


def test_the_byline_leads_to_the_authors_page(live_server, page, reference_article):
    page.goto(live_server.url + reference_article.get_absolute_url())

    page.locator(".byline a").click()

    expect(page).to_have_url(f"{live_server.url}/authors/nikhil-chauhan/")
    expect(page.locator("h1")).to_have_text("Nikhil Chauhan")
    expect(page.get_by_role("link", name=reference_article.headline)).to_be_visible()
