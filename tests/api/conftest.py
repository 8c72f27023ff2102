import pytest
from django.utils import timezone


@pytest.fixture
def clock(time_machine):
    """The clock, ticking from now, for tests that move it past the sync's settling time or a scheduled moment."""
    time_machine.move_to(timezone.now())
    return time_machine
