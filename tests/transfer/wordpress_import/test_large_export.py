"""A WordPress export of hundreds of posts imports every one of them."""

import re

import pytest
from PIL import Image as PILImage

from articles.models import Article, Section
from authors.models import Author
from media.models import Image
from tests.transfer.conftest import run
from tests.transfer.wxr_factory import write_large_wxr

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_a_large_export_imports_every_post(tmp_path):
    big = tmp_path / "big.xml"
    write_large_wxr(big, 300)
    media_dir = tmp_path / "wp-uploads"
    pictures = re.findall(r"<!\[CDATA\[(2025/10/synthetic-\d+\.jpg)\]\]></wp:meta_value>", big.read_text())
    for name in pictures:  # every 50th post has a featured image
        (media_dir / name).parent.mkdir(parents=True, exist_ok=True)
        PILImage.new("RGB", (64, 48), (200, 120, 40)).save(media_dir / name, "JPEG")

    result = run("import_articles", big, "--media-dir", media_dir, "--create-sections")

    assert result.ok, result.output
    assert result.stdout.splitlines()[-1] == "Imported: 300 created, 0 updated, 0 unchanged, 0 failed."
    assert Article.objects.count() == 300
    assert len(pictures) == 6
    assert (Image.objects.count(), Author.objects.count(), Section.objects.count()) == (6, 3, 3)
