"""An editor publishes an article through the admin in a real browser; a reader sees it."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from articles.models import Article, Status
from media.models import Image, UsageRights
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, UserFactory, image_bytes
from tests.helpers.browser import choose_autocomplete, log_in

pytestmark = pytest.mark.browser

BODY = "Ministers met in Taipei on Wednesday to discuss the strait."


def test_an_editor_uploads_a_picture_and_publishes_an_article_that_readers_then_see(live_server, new_page, tmp_path):
    editor = UserFactory(role="Editor")
    SectionFactory(name="Asia", slug="asia")
    author = AuthorFactory(name="Nikhil Chauhan", slug="nikhil-chauhan")
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(image_bytes(width=1200, height=800))

    page = new_page()
    log_in(page, live_server.url, editor)

    page.goto(f"{live_server.url}/admin/media/image/add/")
    page.set_input_files("#id_file", photo)
    page.fill("#id_title", "Harbour at dawn")
    page.fill("#id_alt_text", "Fishing boats moored in a harbour at dawn")
    page.fill("#id_credit", "Reuters")
    page.fill("#id_disclaimer", "This image is taken from Reuters.")
    page.select_option("#id_usage_rights", UsageRights.AGENCY.value)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Harbour at dawn")
    image = Image.objects.get(title="Harbour at dawn")
    assert (image.width, image.height, image.uploaded_by) == (1200, 800, editor)

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Taiwan and US deepen defence ties")
    expect(page.locator("#id_slug")).to_have_value("")  # left empty, it is made from the headline on saving
    page.click(".field-body .ProseMirror[contenteditable=true]")
    page.keyboard.type(BODY)
    page.select_option("#id_section", label="Asia")
    choose_autocomplete(page, "id_lead_image", "Harbour", "Harbour at dawn")
    choose_autocomplete(page, "id_bylines-0-author", "Nikhil", "Nikhil Chauhan")
    page.select_option("#id_status", Status.PUBLISHED.value)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Taiwan and US deepen defence ties")

    article = Article.objects.get(slug="taiwan-and-us-deepen-defence-ties")
    assert article.status == Status.PUBLISHED
    assert article.lead_image == image
    assert article.byline_authors == [author]

    reader = new_page()
    response = reader.goto(live_server.url + article.get_absolute_url())
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text("Taiwan and US deepen defence ties")
    published_on = date_format(timezone.localtime(article.publish_at), "D, j M Y")
    expect(reader.locator(".published")).to_have_text(f"Published On {published_on}")
    byline = reader.locator(".byline a")
    expect(byline).to_have_text("Nikhil Chauhan")
    expect(byline).to_have_attribute("href", "/authors/nikhil-chauhan/")
    expect(reader.locator(".views")).to_have_text("0 views")
    lead_image = reader.locator(".lead-image picture img")
    expect(lead_image).to_be_visible()
    expect(lead_image).to_have_attribute("alt", "Fishing boats moored in a harbour at dawn")
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=lead_image.element_handle())
    expect(reader.locator(".lead-image .credit")).to_contain_text("Reuters")
    expect(reader.locator(".disclaimer")).to_have_text("Disclaimer: This image is taken from Reuters.")
    expect(reader.locator(".share summary")).to_have_text("Share")
    expect(reader.locator(".article__body")).to_have_text(BODY)


def test_a_draft_is_404_to_anonymous_readers(live_server, page):
    draft = ArticleFactory(status=Status.DRAFT, headline="Not ready yet")

    response = page.goto(live_server.url + draft.get_absolute_url())

    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Not ready yet")
