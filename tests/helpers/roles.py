"""The six roles of the tag and revision matrices, requests as each, and how a refusal looks to each."""

from tests.factories import UserFactory

LOGIN = "/admin/login/"
ROLES = ["anonymous", "staff", "reporter", "other reporter", "editor", "superuser"]
EDITORS = {"editor", "superuser"}


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def status_of(response):
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return "login"
    return response.status_code


def role_users():
    """{role: user}: anonymous is None; "staff" is a staff account in no group."""
    return {
        "anonymous": None,
        "staff": UserFactory(username="staff"),
        "reporter": UserFactory(username="reporter", role="Reporter"),
        "other reporter": UserFactory(username="other", role="Reporter"),
        "editor": UserFactory(username="editor", role="Editor"),
        "superuser": UserFactory(username="chief", is_superuser=True),
    }


def refused(role):
    """An anonymous visitor is sent to log in; a logged-in account without the right is refused."""
    return "login" if role == "anonymous" else 403
