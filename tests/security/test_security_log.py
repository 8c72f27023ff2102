"""Superusers read who signed in, who failed and was locked out, and who changed access: with when and from where."""

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.helpers.logins import ADDRESS, fail
from tests.helpers.two_factor import enrol_through_the_pages, signed_in_with_password

pytestmark = pytest.mark.django_db

SECURITY_LOG = [
    "/admin/axes/accesslog/",
    "/admin/axes/accessfailurelog/",
    "/admin/axes/accessattempt/",
    "/admin/auditlog/logentry/",
]


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


def test_enrolment_and_removal_of_a_second_factor_are_logged_with_who_when_and_address(required, time_machine):
    when = datetime(2026, 3, 9, 8, 15, 30, tzinfo=UTC)
    time_machine.move_to(when, tick=False)
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
    assert {(entry.actor, entry.remote_addr, entry.timestamp) for entry in entries} == {(editor, ADDRESS, when)}
    assert "key" not in str([entry.changes for entry in entries])  # never the secret


def test_group_and_permission_changes_are_logged_with_who_when_and_address_and_never_a_password_hash(time_machine):
    when = datetime(2026, 3, 9, 8, 15, 30, tzinfo=UTC)
    time_machine.move_to(when, tick=False)
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
    assert (group_entry.actor, group_entry.remote_addr, group_entry.timestamp) == (superuser, ADDRESS, when)
    assert "delete_article" in str(group_entry.changes) or "Can delete article" in str(group_entry.changes)
    user_entries = LogEntry.objects.get_for_object(reporter)
    assert any("Editor" in str(entry.changes) and entry.timestamp == when for entry in user_entries)
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
