"""An editor enrols an authenticator in Chromium and signs in with it, under the Content-Security-Policy.

The test is the phone: it reads the secret the enrolment page shows and computes the codes from it.
"""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.helpers.browser import failures, serious_violations, violations, watched

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # the factories'


def code(secret, *, steps_ahead=0):
    return f"{totp(b32decode(secret), drift=steps_ahead):06d}"


def sign_in_with_password(page, base_url, user):
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def check(page, problems):
    """No policy violation, failed request or console error so far, and nothing axe finds serious."""
    assert violations(page) == [], page.url
    assert failures(problems) == [], page.url
    assert serious_violations(page) == [], page.url


def test_an_editor_is_sent_to_enrol_then_signs_in_with_password_and_a_fresh_code(live_server, page, settings):
    settings.STAFF_2FA_REQUIRED = True
    editor = UserFactory(username="mei.lin", role="Editor")
    problems = watched(page)

    sign_in_with_password(page, live_server.url, editor)
    expect(page).to_have_url(f"{live_server.url}/admin/two-factor/setup/")
    check(page, problems)
    page.get_by_role("button", name="Next").click()

    qr_code = page.get_by_alt_text("QR Code")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0
    secret = page.locator("a[href^='otpauth://']").inner_text().strip()
    check(page, problems)
    page.fill("#id_generator-token", code(secret))
    page.get_by_role("button", name="Next").click()
    expect(page.locator("h1")).to_have_text("Authenticator enrolled")
    check(page, problems)

    page.get_by_role("link", name="Make your recovery codes").click()
    page.get_by_role("button", name="Generate Tokens").click()
    expect(page.locator("#content li")).to_have_count(10)
    check(page, problems)

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text(editor.username)
    page.locator("#logout-form button").click()
    expect(page.locator("body")).to_contain_text("Logged out")

    sign_in_with_password(page, live_server.url, editor)
    expect(page).to_have_url(f"{live_server.url}/admin/second-factor/?next=%2Fadmin%2F")
    check(page, problems)
    # A fresh code: the one that finished the enrolment may not be used twice.
    page.fill("#id_otp_token", code(secret, steps_ahead=1))
    page.click("#second-factor-form input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("h1")).to_have_text("Desk")
    expect(page.locator("#user-tools")).to_contain_text(editor.username)
    assert violations(page) == []
    assert failures(problems) == []
