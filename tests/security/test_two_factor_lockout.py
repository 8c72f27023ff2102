"""Wrong second-factor codes count towards the same axes lockout as wrong passwords, per username and address."""

import pytest
from axes.models import AccessFailureLog
from django.test import Client

from tests.factories import UserFactory
from tests.helpers.logins import PASSWORD, fail, log_in, logged_in
from tests.helpers.two_factor import CODE_STEP, current_code, enrol, give_code, pause_passes, signed_in_with_password

pytestmark = pytest.mark.django_db


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
