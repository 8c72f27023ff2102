import pytest

from tests.transfer.wxr_factory import make_uploads


@pytest.fixture(autouse=True)
def site_time_zone(settings):
    """The exporting site's zone (its local dates are GMT+5:30), so that a draft's local date means something."""
    settings.TIME_ZONE = "Asia/Kolkata"


@pytest.fixture
def uploads(tmp_path):
    """The WordPress uploads folder (wp-content/uploads) holding the fixture's pictures."""
    media_dir = tmp_path / "wp-uploads"
    make_uploads(media_dir)
    return media_dir
