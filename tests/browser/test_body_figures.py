"""An editor puts a library picture into an article's body, in a real browser; readers see it with its credit.

The figure dialog of the article editor opens the image picker with "Browse…"; the picture chosen there fills
the dialog, goes into the body as a figure that keeps the image's id, and the article page draws it from the
library, with the agency's disclaimer. Neither the editor nor the picker window trips the Content-Security-Policy.
"""

import re

import pytest
from playwright.sync_api import Error, expect

from articles.models import Article
from media.models import Agency, UsageRights
from media.renditions import get_rendition
from tests.browser.conftest import watch_for_problems
from tests.factories import ArticleFactory, ImageFactory, UserFactory, image_upload
from tests.helpers.browser import RECORD_VIOLATIONS, failures, log_in, violations, watched

pytestmark = pytest.mark.browser

BODY = "<p>Ministers met in Taipei on Wednesday to discuss the strait.</p>"
ALT_TEXT = "Fishing boats moored in a harbour at dawn"
CAPTION = "Boats in Keelung before the talks."


def test_an_editor_puts_a_library_picture_in_the_body_and_readers_see_it_credited(live_server, new_page):
    editor = UserFactory(role="Editor")
    reuters = Agency.objects.create(name="Reuters", disclaimer_template="This image is taken from {agency}.")
    ImageFactory(title="Empty street", alt_text="An empty street at night", credit="AP", disclaimer="")
    picture = ImageFactory(
        title="Harbour at dawn",
        file=image_upload("harbour.jpg", width=1200, height=800),
        alt_text=ALT_TEXT,
        caption="Keelung harbour.",
        credit="Reuters",
        disclaimer="",  # the agency's disclaimer is the one readers see
        agency=reuters,
        usage_rights=UsageRights.AGENCY,
    )
    article = ArticleFactory(headline="Taiwan and US deepen defence ties", body=BODY)

    page = new_page()
    # The picker opens in a window of its own: both record violations and problems from their first request.
    page.context.add_init_script(RECORD_VIOLATIONS)
    problems = watch_for_problems(page)
    picker_problems = []
    page.context.on("page", lambda opened: picker_problems.append(watch_for_problems(opened)))
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    # At the end of the last line: ProseMirror puts back the caret of the click if a key moves it too soon after.
    last_paragraph = page.locator(".field-body .ProseMirror[contenteditable=true] > p").last
    box = last_paragraph.bounding_box()
    last_paragraph.click(position={"x": box["width"] - 2, "y": box["height"] - 2})
    page.keyboard.press("Control+End")
    page.click(".field-body button[title=figure]")
    dialog = page.locator(".field-body dialog.prose-editor-dialog")
    expect(dialog).to_be_visible()
    with page.expect_popup() as opening:
        dialog.get_by_role("button", name="Browse...").click()
    picker = opening.value
    expect(picker.get_by_role("heading", name="Choose a picture")).to_be_visible()
    choose = picker.get_by_role("button", name="Choose “Harbour at dawn”")
    expect(choose).to_be_enabled()  # the picker found the editor that opened it
    assert violations(picker) == []
    with picker.expect_event("close"):
        try:
            choose.click()
        except Error:
            if not picker.is_closed():
                raise  # else it closed itself, handing the picture over, before the click returned

    expect(dialog.get_by_label("Image URL")).to_have_value(get_rendition(picture, "w800-jpeg").url)
    expect(dialog.get_by_label("Alternative Text")).to_have_value(ALT_TEXT)
    expect(dialog.get_by_label("Caption")).to_have_value("Keelung harbour.")
    dialog.get_by_label("Caption").fill(CAPTION)
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog).to_have_count(0)
    in_editor = page.locator(".field-body .ProseMirror figure")
    expect(in_editor.locator("img")).to_have_attribute("data-file", str(picture.pk))
    expect(in_editor.locator("figcaption")).to_have_text(CAPTION)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("Taiwan and US deepen defence ties")
    assert violations(page) == []
    assert failures(problems) == []
    assert [failures(found) for found in picker_problems] == [[]]

    body = Article.objects.get(pk=article.pk).body
    figure = re.search(r"<figure><img ([^>]*)><figcaption>(.*?)</figcaption></figure>", body)
    assert figure, body
    assert f'data-file="{picture.pk}"' in figure[1]
    assert f'alt="{ALT_TEXT}"' in figure[1]
    assert figure[2] == CAPTION
    assert body.startswith(BODY)  # after the text that was there, where the cursor was

    reader = new_page()
    reader_problems = watched(reader)
    response = reader.goto(live_server.url + article.get_absolute_url())
    assert response.status == 200
    shown = reader.locator(".article__body figure.body-figure")
    expect(shown).to_have_count(1)
    shown.scroll_into_view_if_needed()
    expect(shown).to_be_visible()
    image = shown.locator("picture img")
    expect(image).to_have_attribute("alt", ALT_TEXT)
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    expect(shown.locator("figcaption .caption")).to_have_text(CAPTION)
    expect(shown.locator("figcaption .credit")).to_have_text("Photo: Reuters")
    expect(shown.locator("figcaption .disclaimer")).to_have_text("Disclaimer: This image is taken from Reuters.")
    assert violations(reader) == []
    assert failures(reader_problems) == []
