"""The six roles of the tag and revision matrices, and how a refusal looks to each."""

from tests.factories import UserFactory
from tests.security.test_access import as_user, status_of

ROLES = ["anonymous", "staff", "reporter", "other reporter", "editor", "superuser"]
EDITORS = {"editor", "superuser"}

__all__ = ["EDITORS", "ROLES", "as_user", "refused", "role_users", "status_of"]


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
