import pytest


@pytest.fixture(autouse=True)
def fresh_media_root(media_root):
    """Every media test stores pictures, each under a MEDIA_ROOT of its own (tests/conftest.py)."""
    return media_root
