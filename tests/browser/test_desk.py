"""The editor's desk on the admin's front page, and the corrections box on an article, in a real browser."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import ArticleDailyViews, CorrectionKind, Status
from tests.browser.conftest import watch_for_problems
from tests.factories import ArticleFactory, CorrectionFactory, UserFactory
from tests.helpers.browser import RECORD_VIOLATIONS, describe, failures, log_in, serious_violations, violations
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.browser


def views_of(article):
    return sum(ArticleDailyViews.objects.filter(article=article).values_list("views", flat=True))


def test_the_desk_shows_each_person_their_shift(live_server, new_page):
    editor = UserFactory(username="editor", role="Editor")
    reporter = UserFactory(username="reporter", role="Reporter")
    ArticleFactory(headline="Reporter's draft", status=Status.DRAFT, publish_at=None, created_by=reporter)
    ArticleFactory(headline="Editor's draft", status=Status.DRAFT, publish_at=None, created_by=editor)
    ArticleFactory(
        headline="Waiting for a look",
        status=Status.IN_REVIEW,
        created_by=reporter,
        submitted_at=timezone.now() - datetime.timedelta(hours=2),
    )
    ArticleFactory(headline="Out tomorrow", publish_at=timezone.now() + datetime.timedelta(days=1), created_by=editor)
    read = ArticleFactory(headline="Read by many", created_by=editor)

    # A reader opens the article: the beacon counts the view into today's bucket.
    reader = new_page()
    reader.goto(live_server.url + read.get_absolute_url())
    wait_until(lambda: views_of(read) > 0, what="the reader's beacon counting a view")
    assert views_of(read) == 1

    page = new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    problems = watch_for_problems(page)
    log_in(page, live_server.url, editor)
    expect(page.locator("#desk-my-drafts")).to_contain_text("Editor's draft")
    expect(page.locator("#desk-my-drafts")).not_to_contain_text("Reporter's draft")
    expect(page.locator("#desk-review-queue")).to_contain_text("Waiting for a look")
    expect(page.locator("#desk-review-queue")).to_contain_text("waiting 2 hours")
    expect(page.locator("#desk-scheduled")).to_contain_text("Out tomorrow")
    expect(page.locator("#desk-most-read-week li").first).to_contain_text("Read by many")
    chart = page.locator("#desk-views-chart svg")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 50  # drawn, not collapsed: its styles came from a stylesheet
    expect(chart.locator("rect")).not_to_have_count(0)
    expect(page.locator("#desk-views-chart")).to_contain_text("1")
    assert violations(page) == []
    assert not (found := serious_violations(page, include=[["#editor-desk"]])), describe(found)
    assert failures(problems) == []
    # The desk sits above the admin's list of apps, which is still there.
    expect(page.locator("#content-main .app-articles")).to_be_visible()

    own = new_page()
    log_in(own, live_server.url, reporter)
    expect(own.locator("#desk-my-drafts")).to_contain_text("Reporter's draft")
    expect(own.locator("#desk-review-queue")).to_contain_text("Waiting for a look")
    for panel in ["#desk-scheduled", "#desk-most-read-week"]:
        expect(own.locator(panel)).not_to_contain_text("Out tomorrow")
        expect(own.locator(panel)).not_to_contain_text("Read by many")


def test_the_article_page_shows_its_corrections_where_readers_look(live_server, page):
    article = ArticleFactory(headline="Talks resume in Taipei")
    CorrectionFactory(article=article, kind=CorrectionKind.CORRECTION, text="The minister's name was misspelt.")
    CorrectionFactory(article=article, kind=CorrectionKind.UPDATE, text="The talks were later postponed.")
    CorrectionFactory(article=article, kind=CorrectionKind.EDITORS_NOTE, text="This article relies on one source.")
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(live_server.url + article.get_absolute_url())

    box = page.locator("aside.corrections")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading")).to_have_text("Corrections and updates")
    lines = box.locator("li")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Correction")
    expect(lines.nth(0)).to_contain_text("The minister's name was misspelt.")
    expect(lines.nth(1)).to_contain_text("Update")
    corrected_at = timezone.localtime(article.corrections.order_by("created_at").first().created_at)
    expect(lines.nth(0).locator("time")).to_have_text(f"{corrected_at.day} {corrected_at:%b %Y}")
    note = page.locator("aside.notice")
    expect(note).to_contain_text("This article relies on one source.")
    body = page.locator(".article__body")
    # The editor's note is read before the article, the corrections after it.
    assert note.bounding_box()["y"] < body.bounding_box()["y"] < box.bounding_box()["y"]
    assert violations(page) == []
    assert not (found := serious_violations(page)), describe(found)
