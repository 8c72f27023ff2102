import pytest


@pytest.fixture
def limit(settings):
    """How many failed logins lock a username and address out (django-axes)."""
    return settings.AXES_FAILURE_LIMIT
