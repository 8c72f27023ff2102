"""Staff sign in with a second factor: who is asked for what, enrolment, recovery codes, and the setting.

The code step follows the admin's password step. Recovery codes work once; STAFF_2FA_REQUIRED sends Editors and
superusers without an authenticator to enrol before any admin page. Codes are computed from the enrolled secret,
as the app on a phone would. Wrong codes are in test_two_factor_lockout.py, the security log in test_security_log.py.
"""

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Status
from tests.factories import ArticleFactory, UserFactory
from tests.helpers.settings_check import read_settings, run_check
from tests.helpers.two_factor import (
    CODE_STEP,
    SETUP,
    current_code,
    enrol,
    enrol_through_the_pages,
    give_code,
    signed_in_with_password,
)

pytestmark = pytest.mark.django_db


# --- who is asked for what -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Editor", "superuser"])
def test_with_the_setting_on_an_editor_or_superuser_without_a_device_is_sent_to_enrol_before_any_admin_page(
    required, role
):
    user = UserFactory(is_superuser=True) if role == "superuser" else UserFactory(role="Editor")
    client = signed_in_with_password(user)
    for page in ["/admin/", "/admin/articles/article/", "/admin/auth/user/", "/admin/password_change/"]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == SETUP
    assert "Enable Two-Factor Authentication" in client.get(SETUP).text


def test_with_the_setting_on_a_reporter_without_a_device_is_not_forced_to_enrol(required):
    client = signed_in_with_password(UserFactory(role="Reporter"))
    assert client.get("/admin/").status_code == 200


def test_with_the_setting_off_an_editor_without_a_device_reaches_the_desk(settings):
    settings.STAFF_2FA_REQUIRED = False
    client = signed_in_with_password(UserFactory(role="Editor"))
    assert client.get("/admin/").status_code == 200


def test_anyone_enrolled_gives_a_code_after_the_password_whatever_the_setting(settings):
    settings.STAFF_2FA_REQUIRED = False
    reporter = UserFactory(role="Reporter")
    device = enrol(reporter)
    client = signed_in_with_password(reporter)

    response = client.get("/admin/articles/article/?q=x")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_STEP}?next=%2Fadmin%2Farticles%2Farticle%2F%3Fq%3Dx"
    assert client.get("/admin/two-factor/disable/").status_code == 302  # nor can it be removed without a code
    assert client.get(response["Location"]).status_code == 200

    done = give_code(client, current_code(device), next_url="/admin/articles/article/?q=x")
    assert done.status_code == 302
    assert done["Location"] == "/admin/articles/article/?q=x"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("owes", ["code", "enrolment"])
def test_a_password_alone_opens_no_drafts_preview_on_the_readers_pages(settings, owes):
    """Until the second factor is given (or, where required, enrolled), the reader's pages see a visitor."""
    settings.STAFF_2FA_REQUIRED = owes == "enrolment"
    editor = UserFactory(role="Editor")
    device = enrol(editor) if owes == "code" else None
    draft = ArticleFactory(status=Status.DRAFT, headline="Not out yet")
    client = signed_in_with_password(editor)

    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Not out yet" not in response.content.decode()

    if device is not None:
        give_code(client, current_code(device))
        assert "Not out yet" in client.get(draft.get_absolute_url()).content.decode()


def test_the_code_step_sends_nowhere_but_this_site(settings):
    user = UserFactory(role="Editor")
    device = enrol(user)
    client = signed_in_with_password(user)
    response = give_code(client, current_code(device), next_url="https://attacker.example/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_editor_who_owes_a_code_cannot_enrol_another_authenticator_instead(required):
    user = UserFactory(role="Editor")
    enrol(user)
    client = signed_in_with_password(user)
    response = client.post(SETUP, {"setup_view-current_step": "welcome"})
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_signed_out_visitor_gets_the_login_page_not_the_code_step(client):
    response = client.get(CODE_STEP)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_hostile_code_input_is_a_form_error_not_a_500():
    user = UserFactory(role="Editor")
    enrol(user)
    client = signed_in_with_password(user)
    # Each from an address of its own, so that none reaches the lockout, which has tests of its own.
    for number, code in enumerate(["", "x" * 5000, "<script>alert(1)</script>", "１２３４５６", "\x00", "12 34 56"]):
        response = give_code(client, code, address=f"192.0.2.{number}")
        assert response.status_code == 200, repr(code)
        assert "<script>alert(1)" not in response.text
    assert client.get("/admin/")["Location"].startswith(CODE_STEP)


# --- enrolment, recovery codes, removal --------------------------------------------------------------


def test_an_editor_enrols_from_the_admin_and_then_signs_in_with_password_and_code(required):
    editor = UserFactory(role="Editor")
    client = signed_in_with_password(editor)
    device = enrol_through_the_pages(client)
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # the enrolment was this sign-in's second factor
    assert 'href="/admin/two-factor/"' in client.get("/admin/").text  # the link in the admin's user tools

    again = signed_in_with_password(editor)
    assert again.get("/admin/")["Location"].startswith(CODE_STEP)
    assert give_code(again, current_code(device, steps_ahead=1)).status_code == 302
    assert again.get("/admin/").status_code == 200


@pytest.mark.parametrize("setting", [True, False])
def test_after_removing_the_authenticator_the_editor_is_sent_to_enrol_again_only_if_the_setting_says_so(
    settings, setting
):
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    client = signed_in_with_password(editor)
    give_code(client, current_code(device))
    settings.STAFF_2FA_REQUIRED = setting
    assert client.post("/admin/two-factor/disable/", {"understand": "on"}).status_code == 302
    assert not TOTPDevice.objects.exists()

    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == (SETUP if setting else "/admin/")


def test_a_wrong_code_leaves_the_enrolment_unfinished(required):
    client = signed_in_with_password(UserFactory(role="Editor"))
    client.post(SETUP, {"setup_view-current_step": "welcome"})
    response = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": "12345x"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()
    assert client.get("/admin/")["Location"] == SETUP


def test_a_recovery_code_lets_the_editor_in_once():
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    client = signed_in_with_password(editor)
    give_code(client, current_code(device))
    client.post("/admin/two-factor/recovery-codes/")  # "Generate tokens"
    codes = list(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert len(codes) == 10
    assert codes[0] in client.get("/admin/two-factor/recovery-codes/").text

    first = signed_in_with_password(editor)
    assert give_code(first, codes[0].upper()).status_code == 302
    assert first.get("/admin/").status_code == 200

    second = signed_in_with_password(editor)
    refused = give_code(second, codes[0])
    assert refused.status_code == 200
    assert "That code is not right, or has been used already" in refused.text
    assert second.get("/admin/")["Location"].startswith(CODE_STEP)
    assert StaticToken.objects.filter(device__user=editor).count() == 9


# --- the setting ----------------------------------------------------------------------------------------------


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "news.example"}
LOCAL = {"DEBUG": "true"}  # as make run sets it


@pytest.mark.parametrize(
    ("env", "required"),
    [
        (PRODUCTION, True),
        ({"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "news.example"}, True),
        ({**PRODUCTION, "STAFF_2FA_REQUIRED": "false"}, False),
        (LOCAL, False),
        ({**LOCAL, "STAFF_2FA_REQUIRED": "on"}, True),
    ],
    ids=["production", "debug-unset", "production-turned-off", "local", "local-turned-on"],
)
def test_staff_2fa_is_required_by_default_in_production_only(tmp_path, env, required):
    assert read_settings(tmp_path, "s.STAFF_2FA_REQUIRED", **{"STAFF_2FA_REQUIRED": "", **env}) is required


def test_a_mistyped_staff_2fa_setting_stops_start_up_with_a_clear_message(tmp_path):
    result = run_check(tmp_path, **LOCAL, STAFF_2FA_REQUIRED="sometimes")
    assert result.returncode != 0
    assert "STAFF_2FA_REQUIRED must be true or false, not 'sometimes'" in result.stderr


def test_the_code_step_and_the_desk_behind_it_cost_a_bounded_number_of_queries(django_assert_max_num_queries):
    editor, colleague = UserFactory(role="Editor"), UserFactory(role="Editor")
    device = enrol(editor)
    client = signed_in_with_password(editor)
    with django_assert_max_num_queries(6):
        assert client.get(f"{CODE_STEP}?next=/admin/").status_code == 200
    with django_assert_max_num_queries(14):
        assert give_code(client, current_code(device)).status_code == 302

    without_device = signed_in_with_password(colleague)
    without_device.get("/admin/")
    with django_assert_max_num_queries(100) as plain:
        assert without_device.get("/admin/").status_code == 200
    without_second_factor = len(plain.captured_queries)
    client.get("/admin/")
    # The one more: django-otp loading the session's device.
    with django_assert_max_num_queries(without_second_factor + 1):
        assert client.get("/admin/").status_code == 200
