"""Who must give a second factor, and when."""

from django.conf import settings
from django_otp import user_has_device

# Reporters may enrol, but STAFF_2FA_REQUIRED does not send them to.
REQUIRED_GROUPS = ["Editor"]
CODE, ENROLMENT = "code", "enrolment"
OWED_SESSION_KEY = "staff_security_owed"


def must_enrol(user) -> bool:
    """Whether STAFF_2FA_REQUIRED sends this user to enrol before any admin page: Editors and superusers."""
    return (
        settings.STAFF_2FA_REQUIRED
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists())
    )


def owes_second_factor(user) -> bool:
    """Signed in with the password, enrolled, and not yet through the code step of this sign-in."""
    return user.is_authenticated and getattr(user, "otp_device", None) is None and user_has_device(user)


def owed(user) -> str | None:
    if owes_second_factor(user):
        return CODE
    return ENROLMENT if must_enrol(user) else None


def note_what_the_sign_in_owes(sender, request, user, **kwargs):
    """Kept in the session at sign-in (user_logged_in), so that admin pages need not look for devices each time.

    A device enrolled for someone already signed in, or the setting turned on, applies from their next sign-in.
    """
    if request is not None and hasattr(request, "session"):
        request.session[OWED_SESSION_KEY] = owed(user)


def owed_at_sign_in(request) -> str | None:
    """CODE, ENROLMENT or None for this sign-in; found now for a session from before this was noted."""
    if OWED_SESSION_KEY not in request.session:
        request.session[OWED_SESSION_KEY] = owed(request.user)
    return request.session[OWED_SESSION_KEY]
