"""Staff sign in with a second factor, and superusers read who signed in and who changed access.

The code step follows the admin's password step. Wrong codes count towards the same axes lockout as wrong
passwords; recovery codes work once; STAFF_2FA_REQUIRED sends Editors and superusers without an authenticator
to enrol before any admin page. Codes are computed from the enrolled secret, as the app on a phone would.
"""

import re
from base64 import b32decode
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Status
from tests.factories import ArticleFactory, UserFactory
from tests.helpers.logins import ADDRESS, PASSWORD, fail, log_in, logged_in
from tests.helpers.settings_check import read_settings, run_check

pytestmark = pytest.mark.django_db

CODE_STEP = "/admin/second-factor/"
SETUP = "/admin/two-factor/setup/"
SECURITY_LOG = [
    "/admin/axes/accesslog/",
    "/admin/axes/accessfailurelog/",
    "/admin/axes/accessattempt/",
    "/admin/auditlog/logentry/",
]


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


def enrol(user):
    """An authenticator for `user`, as the enrolment leaves it; the device."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def current_code(device, *, steps_ahead=0):
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


def pause_passes():
    """The pause django-otp makes each authenticator take after wrong codes, whoever sent them, is over."""
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))


def give_code(client, code, address=ADDRESS, next_url="/admin/"):
    return client.post(CODE_STEP, {"otp_token": code, "next": next_url}, REMOTE_ADDR=address)


def signed_in_with_password(user):
    client = Client()
    assert log_in(client, user.username, PASSWORD).status_code == 302
    return client


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


def enrol_through_the_pages(client):
    """The setup wizard as an editor goes through it; the device it made."""
    page = client.post(SETUP, {"setup_view-current_step": "welcome"}).text
    secret = client.session["django_two_factor-qr_secret_key"]
    assert secret in page  # shown as text, for apps that cannot scan the QR code
    qr = client.get(re.search(r'<img src="([^"]+)" alt="QR Code"', page).group(1))
    assert qr.status_code == 200
    assert qr["Content-Type"].startswith("image/svg+xml")
    code = f"{totp(b32decode(secret)):06d}"
    done = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code})
    assert done.status_code == 302
    assert done["Location"] == "/admin/two-factor/setup/complete/"
    return TOTPDevice.objects.get(user_id=client.session["_auth_user_id"])


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


# --- the same lockout as passwords ---------------------------------------------------------------------


def test_wrong_codes_count_towards_the_same_lockout_as_wrong_passwords(limit, settings):
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    client = Client()
    fail(client, editor.username, limit - 2)
    assert log_in(client, editor.username, PASSWORD).status_code == 302
    assert give_code(client, "000000").status_code == 200
    locked = give_code(client, "111111")
    assert locked.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Too many failed attempts; try again in {minutes} minutes." in locked.text

    # Locked out: the right code, and then the right password, are refused too.
    assert give_code(client, current_code(device)).status_code == 429
    assert client.get("/admin/")["Location"].startswith(CODE_STEP)
    assert log_in(Client(), editor.username, PASSWORD).status_code == 429
    assert AccessFailureLog.objects.filter(username=editor.username, locked_out=True).exists()


def test_signing_in_again_with_the_password_does_not_wipe_the_wrong_codes(limit):
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    client = signed_in_with_password(editor)
    for _ in range(limit - 1):
        assert give_code(client, "000000").status_code == 200
    client = signed_in_with_password(editor)  # the password is right: the count stands
    assert give_code(client, "000000").status_code == 429
    assert give_code(client, current_code(device)).status_code == 429


def test_the_right_code_starts_the_count_again(limit):
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    client = signed_in_with_password(editor)
    for _ in range(limit - 1):
        give_code(client, "000000")
    pause_passes()
    assert give_code(client, current_code(device)).status_code == 302
    again = signed_in_with_password(editor)
    assert [give_code(again, "000000").status_code for _ in range(limit - 1)] == [200] * (limit - 1)


def test_after_a_wrong_code_the_authenticator_pauses_and_says_so():
    """django-otp's own pause per device, which a guesser spread over many addresses also meets."""
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    client = signed_in_with_password(editor)
    give_code(client, "000000")
    paused = give_code(client, current_code(device))
    assert paused.status_code == 200
    assert "Too many wrong codes just now: wait a few seconds" in paused.text
    pause_passes()
    assert give_code(client, current_code(device)).status_code == 302


def test_wrong_codes_from_another_address_do_not_lock_this_one_out(limit):
    editor = UserFactory(role="Editor")
    device = enrol(editor)
    attacker = signed_in_with_password(editor)
    for _ in range(limit):
        give_code(attacker, "000000", address="198.51.100.20")
    pause_passes()
    client = signed_in_with_password(editor)
    assert give_code(client, current_code(device)).status_code == 302
    assert logged_in(client)


# --- the security log -------------------------------------------------------------------------------


def test_sign_ins_failures_and_lockouts_are_logged_with_who_when_and_address(limit, time_machine):
    editor = UserFactory(role="Editor")
    when = datetime(2026, 3, 9, 8, 15, 30, tzinfo=UTC)
    time_machine.move_to(when, tick=False)
    fail(Client(), editor.username, limit)
    signed_in_with_password(UserFactory(username="ana.cruz", role="Reporter"))

    failures = AccessFailureLog.objects.filter(username=editor.username).order_by("attempt_time")
    assert [failure.locked_out for failure in failures] == [False] * (limit - 1) + [True]
    assert {(failure.ip_address, failure.attempt_time) for failure in failures} == {(ADDRESS, when)}
    sign_in = AccessLog.objects.get(username="ana.cruz")
    assert (sign_in.ip_address, sign_in.attempt_time) == (ADDRESS, when)


def test_enrolment_and_removal_of_a_second_factor_are_logged_with_who_when_and_address(required):
    editor = UserFactory(role="Editor")
    client = signed_in_with_password(editor)
    client.defaults["REMOTE_ADDR"] = ADDRESS
    device = enrol_through_the_pages(client)
    client.post("/admin/two-factor/recovery-codes/")
    removed = client.post("/admin/two-factor/disable/", {"understand": "on"})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()

    entries = LogEntry.objects.filter(object_repr__in=[str(device), str(StaticDevice(user=editor, name="backup"))])
    logged = sorted((entry.content_type.model, entry.action) for entry in entries)
    created, deleted = LogEntry.Action.CREATE, LogEntry.Action.DELETE
    assert logged == [
        ("staticdevice", created),
        ("staticdevice", deleted),
        ("totpdevice", created),
        ("totpdevice", deleted),
    ]
    assert {entry.actor for entry in entries} == {editor}
    assert {entry.remote_addr for entry in entries} == {ADDRESS}
    assert "key" not in str([entry.changes for entry in entries])  # never the secret


def test_group_and_permission_changes_are_logged_with_who_and_address_and_never_a_password_hash():
    superuser = UserFactory(is_superuser=True)
    reporter = UserFactory(role="Reporter")
    client = Client(REMOTE_ADDR=ADDRESS)
    client.force_login(superuser)
    reporters = Group.objects.get(name="Reporter")
    permission = Permission.objects.get(codename="delete_article")
    granted = [*reporters.permissions.values_list("pk", flat=True), permission.pk]
    response = client.post(f"/admin/auth/group/{reporters.pk}/change/", {"name": "Reporter", "permissions": granted})
    assert response.status_code == 302

    reporter.groups.add(Group.objects.get(name="Editor"))  # outside a request: logged, with no actor
    reporter.set_password("another long passphrase")
    reporter.save()

    group_entry = LogEntry.objects.get_for_object(reporters).get()
    assert group_entry.actor == superuser
    assert group_entry.remote_addr == ADDRESS
    assert "delete_article" in str(group_entry.changes) or "Can delete article" in str(group_entry.changes)
    user_entries = LogEntry.objects.get_for_object(reporter)
    assert any("Editor" in str(entry.changes) for entry in user_entries)
    assert not any("password" in str(entry.changes) for entry in user_entries)


def test_the_security_log_is_for_superusers_only_and_read_only(editor_client):
    UserFactory(username="ana.cruz")
    fail(Client(), "ana.cruz", 1)
    signed_in_with_password(UserFactory(username="kai.tan", role="Reporter"))
    for page in SECURITY_LOG:
        assert editor_client.get(page).status_code == 403, page

    superuser = Client()
    superuser.force_login(UserFactory(is_superuser=True))
    assert "kai.tan" in superuser.get("/admin/axes/accesslog/").text
    assert "ana.cruz" in superuser.get("/admin/axes/accessfailurelog/").text
    for page in SECURITY_LOG:
        listing = superuser.get(page)
        assert listing.status_code == 200, page
        assert f'href="{page}add/"' not in listing.text
        assert superuser.get(f"{page}add/").status_code == 403
    entry = AccessLog.objects.get(username="kai.tan")
    assert superuser.post(f"/admin/axes/accesslog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert superuser.post(f"/admin/axes/accesslog/{entry.pk}/change/", {"username": "x"}).status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk, username="kai.tan").exists()


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
