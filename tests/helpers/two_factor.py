"""Signing in to the admin with a password and a second factor, as an editor with an authenticator app does."""

import re
from base64 import b32decode
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers.logins import ADDRESS, PASSWORD, log_in

CODE_STEP = "/admin/second-factor/"
SETUP = "/admin/two-factor/setup/"


def enrol(user):
    """An authenticator for `user`, as the enrolment leaves it; the device."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


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
