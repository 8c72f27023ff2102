import pytest


@pytest.fixture
def limit(settings):
    """How many failed logins lock a username and address out (django-axes)."""
    return settings.AXES_FAILURE_LIMIT


@pytest.fixture
def required(settings):
    """Editors and superusers must have a second factor (STAFF_2FA_REQUIRED), as in production."""
    settings.STAFF_2FA_REQUIRED = True
