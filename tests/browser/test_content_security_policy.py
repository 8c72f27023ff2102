"""The Content-Security-Policy in a real browser: the site and the admin work under it, injected code does not.

Every page records the violations the browser reports (the `securitypolicyviolation` event), and the
console's errors, which is where a blocked script or stylesheet shows itself.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from demo.content import REFERENCE_SLUG
from media.models import Image
from tests.factories import UserFactory
from tests.helpers.browser import RECORD_VIOLATIONS, choose_autocomplete, failures, log_in, violations, watched

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def same_site_links(page, base_url, selector):
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.href)")
    return sorted({href.split("#")[0] for href in hrefs if href.startswith(base_url)})


def test_every_reader_page_linked_from_home_runs_under_the_policy(live_server, page, demo):
    problems = watched(page)
    page.goto(live_server.url + "/")
    pages = same_site_links(page, live_server.url, "body a[href]")
    assert len(pages) > 20  # sections, articles, tags, authors, static pages, feeds

    for url in ["/", "/search/?q=taiwan", *pages]:
        page.goto(url if url.startswith("http") else live_server.url + url)
        assert violations(page) == [], url
    assert failures(problems) == []


def test_a_script_or_style_injected_into_a_page_is_refused_by_the_browser(live_server, page, demo):
    """What escaping stops is stopped a second time: the page as served, with hostile markup spliced in."""
    injected = (
        '<script>window.ran = "script"</script>'
        '<img src="/static/favicon.svg" onload="window.ran = \'handler\'">'
        '<a id="javascript-link" href="javascript:window.ran=\'link\'">link</a>'
        '<p id="styled" style="color: rgb(255, 0, 0)">styled</p>'
        "<style>body { display: none }</style>"
        '<script src="https://attacker.example/evil.js"></script>'
    )

    def splice(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</main>", injected + "</main>"))

    page.add_init_script(RECORD_VIOLATIONS)
    page.route(f"{live_server.url}/", splice)
    page.goto(live_server.url + "/")
    page.click("#javascript-link")

    expect(page.locator("#styled")).to_be_visible()  # the <style> hiding the body did not apply
    assert page.evaluate("window.ran") is None
    assert page.locator("#styled").evaluate("element => getComputedStyle(element).color") != "rgb(255, 0, 0)"
    refused = " ".join(violations(page))
    for directive in ["script-src-elem inline", "script-src-attr inline", "style-src-attr", "style-src-elem inline"]:
        assert directive in refused
    assert "script-src-elem https://attacker.example/evil.js" in refused


def test_every_admin_list_and_form_works_under_the_policy(live_server, page, demo):
    problems = watched(page)
    log_in(page, live_server.url, UserFactory(is_superuser=True))
    lists_and_add_forms = same_site_links(page, live_server.url, "#content-main a[href]")
    assert len(lists_and_add_forms) > 15

    visited = []
    for url in lists_and_add_forms:
        page.goto(url)
        visited.append(url)
        first_row = page.locator("#result_list tbody th a").first
        if first_row.count():
            assert violations(page) == [], url
            first_row.click()
            visited.append(page.url)
        assert violations(page) == [], visited[-1]
    assert any(re.search(r"/admin/articles/article/\d+/change/", url) for url in visited)
    assert failures(problems) == []


def test_the_article_editor_works_under_the_policy(live_server, page, demo):
    problems = watched(page)
    log_in(page, live_server.url, UserFactory(is_superuser=True))
    article = Article.objects.get(slug=REFERENCE_SLUG)
    other_picture = Image.objects.exclude(pk=article.lead_image_id).order_by("title").first()

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    # The import map runs only with the nonce of this response's policy: without it there is no editor.
    nonce = page.locator("script[type=importmap]").evaluate("script => script.nonce")
    assert nonce
    editor = page.locator(".field-body .ProseMirror[contenteditable=true]")
    # Tiptap's stylesheet for ProseMirror, admitted by its hash: without it typed spaces collapse.
    assert editor.evaluate("element => getComputedStyle(element).whiteSpace") == "break-spaces"
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.click(".field-body button[title=bold]")
    page.keyboard.type("Editor's note:  two spaces")
    page.fill("#id_standfirst", "A standfirst written under the policy.")
    choose_autocomplete(page, "id_lead_image", other_picture.title[:6], other_picture.title)
    rows = page.locator(".dynamic-bylines").count()
    page.click(".add-row a")  # another byline row, added by the admin's script
    expect(page.locator(".dynamic-bylines")).to_have_count(rows + 1)
    page.locator(".dynamic-bylines").last.locator(".inline-deletelink").click()
    page.locator(".field-publish_at .date-icon").click()  # the admin's calendar
    calendar = page.locator(".calendarbox:visible")
    expect(calendar.locator("caption")).not_to_be_empty()
    calendar.get_by_role("link", name="Cancel").click()
    expect(calendar).to_have_count(0)
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert "<strong>Editor's note:  two spaces</strong>" in article.body
    assert article.standfirst == "A standfirst written under the policy."
    assert article.lead_image == other_picture

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    older = page.locator("input[name=version_id1]")
    expect(older.first).to_be_disabled()  # the newest version cannot be the older side of a comparison
    page.click("#change-history input[type=submit]")
    expect(page.locator("ins, del").first).to_be_visible()
    assert violations(page) == []
    assert failures(problems) == []
