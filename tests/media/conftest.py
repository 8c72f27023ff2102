import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh, empty MEDIA_ROOT per test: SQLite reuses ids after a rollback, and with them rendition folders."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT
