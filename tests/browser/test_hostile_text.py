"""Hostile text an editor stored runs nowhere in a real browser: reader pages and the admin.

The unit suite (tests/security/test_stored_xss.py) checks the markup; this checks the outcome:
no dialog opens and no handler runs, whatever Chromium makes of the page.
"""

import pytest
import reversion

from media.services import image_save
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, ImageFactory, SectionFactory, UserFactory
from tests.helpers.browser import log_in

pytestmark = pytest.mark.browser

RUNS = "window.__xss=1;alert(1)"
PAYLOAD = (
    f'<script>{RUNS}</script><img src=x onerror="{RUNS}"><svg onload="{RUNS}">'
    f'"><script>{RUNS}</script></script><script>{RUNS}</script>'
)


def hostile_article():
    section = SectionFactory(name="World" + PAYLOAD[:80], slug="world")
    author = AuthorFactory(name="Mei" + PAYLOAD[:150], slug="mei", bio="Bio" + PAYLOAD)
    image = ImageFactory.build(
        title="Picture" + PAYLOAD[:200],
        caption="Caption" + PAYLOAD,
        credit="Credit" + PAYLOAD[:200],
        disclaimer="Disclaimer" + PAYLOAD[:300],
        alt_text="Alt" + PAYLOAD[:200],
    )
    image_save(image=image)
    with reversion.create_revision():
        article = ArticleFactory(
            headline="Taiwan" + PAYLOAD[:200],
            slug="taiwan-story",
            standfirst="Standfirst" + PAYLOAD,
            body=f'<p>Taiwan body {PAYLOAD}</p><p><a href="javascript:{RUNS}">link</a></p>',
            section=section,
            lead_image=image,
            authors=[author],
        )
        article.tags.add("Tag" + PAYLOAD[:60])
    CorrectionFactory(article=article, text="Correction" + PAYLOAD)
    return article, author


def visit(page, url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    for link in page.locator("a[href^='javascript:']").all():
        raise AssertionError(f"{url} has a javascript: link: {link.get_attribute('href')}")
    assert page.evaluate("window.__xss") is None, f"a payload ran on {url}"
    assert dialogs == [], f"a dialog opened on {url}: {dialogs}"


def test_no_payload_runs_on_reader_pages(live_server, page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article, author = hostile_article()
    tag = article.tags.get()
    for path in [
        article.get_absolute_url(),
        "/",
        "/section/world/",
        f"/tag/{tag.slug}/",
        f"/authors/{author.slug}/",
        "/search/?q=Taiwan",
    ]:
        visit(page, live_server.url + path)
    assert page.locator("body").count() == 1


def test_no_payload_runs_in_the_admin(live_server, page):
    article, author = hostile_article()
    admin = UserFactory(username="chief", is_superuser=True)
    log_in(page, live_server.url, admin)
    for path in [
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/authors/author/{author.pk}/change/",
        "/admin/media/image/",
        "/admin/taggit/tag/",
    ]:
        visit(page, live_server.url + path)
