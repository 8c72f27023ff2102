"""The admin's login is throttled and its password reset tells nobody which accounts exist, nor is it a mail cannon.

Failures count per username and client address together (django-axes): after AXES_FAILURE_LIMIT of them that
pair is locked out for the cool-off, even with the right password, while the same editor elsewhere still logs
in. A username that does not exist is treated, and answered, exactly like one that does.
"""

import re
import socket
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from staff_security import password_reset
from tests.factories import UserFactory
from tests.helpers.logins import ADDRESS, LOGIN, OTHER_ADDRESS, PASSWORD, fail, log_in, logged_in

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
# Two usernames of the same length, so that the login form echoing either leaves pages of the same size.
KNOWN, UNKNOWN = "mei.lin", "kai.tan"
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def staff(db):
    return UserFactory(username=KNOWN, email="mei.lin@example.com", role="Editor")


def page(response, *, typed=""):
    """The page without its CSRF token, and with the username the form echoes (`typed`) blanked."""
    content = CSRF_TOKEN.sub(b"", response.content)
    return content.replace(f'value="{typed}"'.encode(), b'value=""') if typed else content


def age_attempts(by):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_after_the_limit_even_the_right_password_is_refused_with_the_lockout_page(client, staff, limit, settings):
    responses = fail(client, KNOWN, limit)
    assert [response.status_code for response in responses] == [200] * (limit - 1) + [429]

    response = log_in(client, KNOWN, PASSWORD)
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Too many failed attempts; try again in {minutes} minutes." in response.text
    assert admin.site.site_header in response.text
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_an_unknown_username_is_locked_out_with_the_same_page_and_status(client, staff, limit):
    known = fail(client, KNOWN, limit)[-1]
    unknown = fail(client, UNKNOWN, limit)[-1]
    assert known.status_code == unknown.status_code == 429
    assert page(known) == page(unknown)
    # And after the lockout, the right password for the one that exists changes nothing.
    assert page(log_in(client, KNOWN, PASSWORD)) == page(log_in(client, UNKNOWN, PASSWORD))


def test_before_the_lockout_a_wrong_password_and_an_unknown_username_get_the_same_answer(client, staff, limit):
    inactive = UserFactory(username="ana.cruz", is_active=False)
    wrong_password = fail(client, KNOWN, limit - 1)
    unknown_user = fail(client, UNKNOWN, limit - 1)
    inactive_user = [log_in(client, inactive.username, PASSWORD) for _ in range(limit - 1)]
    for known, unknown, disabled in zip(wrong_password, unknown_user, inactive_user, strict=True):
        assert known.status_code == unknown.status_code == disabled.status_code == 200
        assert "Please enter the correct username and password" in known.text
        assert page(known, typed=KNOWN) == page(unknown, typed=UNKNOWN) == page(disabled, typed=inactive.username)


def test_a_locked_out_editor_still_logs_in_from_another_address(client, staff, limit):
    fail(client, KNOWN, limit, ADDRESS)
    response = log_in(Client(), KNOWN, PASSWORD, OTHER_ADDRESS)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_lockout_ends_after_the_cool_off_and_an_attempt_during_it_starts_it_again(client, staff, limit, settings):
    fail(client, KNOWN, limit)
    age_attempts(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert log_in(client, KNOWN, PASSWORD).status_code == 429  # a minute early: refused, and the wait restarts
    age_attempts(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert log_in(client, KNOWN, PASSWORD).status_code == 429
    age_attempts(settings.AXES_COOLOFF_TIME)
    response = log_in(client, KNOWN, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_axes_reset_unlocks(client, staff, limit):
    fail(client, KNOWN, limit)
    call_command("axes_reset", stdout=StringIO())
    assert log_in(client, KNOWN, PASSWORD).status_code == 302


def test_a_successful_login_starts_the_count_again(client, staff, limit):
    fail(client, KNOWN, limit - 1)
    assert log_in(client, KNOWN, PASSWORD).status_code == 302
    again = Client()
    assert [response.status_code for response in fail(again, KNOWN, limit - 1)] == [200] * (limit - 1)
    assert log_in(again, KNOWN, PASSWORD).status_code == 302


def test_behind_the_proxy_the_client_is_the_address_the_proxy_saw_not_one_it_was_sent(client, staff, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    fail(client, KNOWN, limit, proxy, HTTP_X_FORWARDED_FOR=ADDRESS)
    # A client naming another address in front of the one the proxy appends is still the same client...
    forged = log_in(Client(), KNOWN, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"{OTHER_ADDRESS}, {ADDRESS}")
    assert forged.status_code == 429
    # ...while another client behind the same proxy is not locked out with it.
    other = log_in(Client(), KNOWN, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS)
    assert other.status_code == 302


def test_an_ipv6_client_cannot_step_past_the_lockout_within_its_64(client, staff, limit):
    fail(client, KNOWN, limit, "2001:db8:1:2::1")
    assert log_in(Client(), KNOWN, PASSWORD, "2001:db8:1:2:ffff:ffff:ffff:ffff").status_code == 429
    assert log_in(Client(), KNOWN, PASSWORD, "2001:db8:1:3::1").status_code == 302


# --- password reset ------------------------------------------------------------------------------


def request_reset(email, address=ADDRESS):
    mail.outbox.clear()
    response = Client().post(RESET, {"email": email}, follow=True, REMOTE_ADDR=address)
    password_reset.wait_for_mail()
    return response, list(mail.outbox)


def test_the_login_page_offers_the_password_reset(client):
    response = client.get(LOGIN)
    assert f'href="{RESET}"' in response.text


def test_the_reset_form_gives_any_address_the_same_answer_and_mails_only_an_active_account(staff):
    UserFactory(username="ana.cruz", email="ana.cruz@example.com", is_active=False)
    known, known_mail = request_reset("mei.lin@example.com")
    unknown, unknown_mail = request_reset("nobody@example.com")
    inactive, inactive_mail = request_reset("ana.cruz@example.com")

    assert known.redirect_chain == unknown.redirect_chain == inactive.redirect_chain == [(f"{RESET}done/", 302)]
    assert known.status_code == unknown.status_code == inactive.status_code == 200
    assert page(known) == page(unknown) == page(inactive)
    assert [message.to for message in known_mail] == [["mei.lin@example.com"]]
    assert unknown_mail == inactive_mail == []


def test_the_reset_link_sets_a_new_password_once(staff):
    _, sent = request_reset("mei.lin@example.com")
    link = re.search(r"http://testserver(/admin/reset/\S+/)", sent[0].body).group(1)
    client = Client()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert admin.site.site_header in form_page.text
    new_password = "a new and long passphrase for the newsroom"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == "/admin/reset/done/"
    assert log_in(Client(), KNOWN, new_password).status_code == 302

    again = Client().get(link, follow=True)
    assert "The password reset link was invalid" in again.text
    staff.refresh_from_db()
    assert staff.check_password(new_password)


def test_after_the_limit_for_one_address_further_requests_get_the_same_answer_and_no_mail(staff, settings):
    limit = settings.PASSWORD_RESET_MAX_PER_ADDRESS
    clients = [f"198.51.100.{number}" for number in range(limit + 2)]
    answers = [request_reset("Mei.Lin@example.com", address) for address in clients[:limit]]
    assert all(len(sent) == 1 for _, sent in answers)
    first = answers[0][0]

    throttled, sent = request_reset("mei.lin@example.com", clients[limit])  # the same address, written otherwise
    assert sent == []
    assert throttled.redirect_chain == first.redirect_chain
    assert page(throttled) == page(first)
    unknown, _ = request_reset("nobody@example.com", clients[limit + 1])
    assert page(unknown) == page(throttled)


def test_after_the_limit_for_one_client_further_requests_get_the_same_answer_and_no_mail(staff, settings):
    limit = settings.PASSWORD_RESET_MAX_PER_CLIENT
    for number in range(limit):
        request_reset(f"nobody{number}@example.com", ADDRESS)
    throttled, sent = request_reset("mei.lin@example.com", ADDRESS)
    assert sent == []
    assert throttled.redirect_chain == [(f"{RESET}done/", 302)]
    _, sent_elsewhere = request_reset("mei.lin@example.com", OTHER_ADDRESS)
    assert [message.to for message in sent_elsewhere] == [["mei.lin@example.com"]]


def test_the_reset_throttle_keeps_no_address_in_the_cache(staff):
    request_reset("mei.lin@example.com", ADDRESS)
    stored = " ".join(str(key) for key in cache._cache)  # the local-memory cache the suite runs on
    assert "reset" in stored
    assert "mei.lin" not in stored.lower()
    assert ADDRESS not in stored


# A real SMTP server in a process of its own, as a mail server is. It holds each message until the file `release`
# appears (or a minute has passed), then accepts it and writes it to a file of the folder `received`.
HOLDING_SMTP_SERVER = """
import asyncio, sys, time, uuid
from pathlib import Path
from aiosmtpd.controller import Controller

class Holding:
    async def handle_DATA(self, server, session, envelope):
        for _ in range(600):
            if Path(sys.argv[3]).exists():
                break
            await asyncio.sleep(0.1)
        to = ",".join(envelope.rcpt_tos).encode()
        Path(sys.argv[2], uuid.uuid4().hex).write_bytes(to + b"\\n" + envelope.content)
        return "250 Message accepted for delivery"

Controller(Holding(), hostname="127.0.0.1", port=int(sys.argv[1])).start()
print("ready", flush=True)
time.sleep(3600)
"""


@pytest.fixture
def holding_mail_server(settings, tmp_path):
    """The server's folders: `received`, where it writes the messages it accepted, and the `release` file's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    received, release = tmp_path / "received", tmp_path / "release"
    received.mkdir()
    command = [sys.executable, "-c", HOLDING_SMTP_SERVER, str(port), str(received), str(release)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
        yield SimpleNamespace(received=received, release=lambda: release.touch())
    finally:
        release.touch()
        password_reset.wait_for_mail()
        server.kill()
        server.wait(timeout=10)


@pytest.mark.server
def test_a_known_address_is_answered_before_its_mail_is_sent_as_an_unknown_one_is(staff, holding_mail_server):
    """The answer never waits for the mail server, so how long it takes cannot tell that the address exists."""
    for email in ("mei.lin@example.com", "nobody@example.com"):
        assert Client().post(RESET, {"email": email}).status_code == 302
    assert list(holding_mail_server.received.iterdir()) == []  # the mail server still holds the message

    holding_mail_server.release()
    password_reset.wait_for_mail()
    messages = [path.read_bytes() for path in holding_mail_server.received.iterdir()]
    assert [message.split(b"\n", 1)[0] for message in messages] == [b"mei.lin@example.com"]
    assert b"/admin/reset/" in messages[0]
