"""An import publishes nothing whose lead image may not go out (`check_publishable`), as the admin does.

JSON Lines names no agency, so the credit an agency requires cannot be expressed in it; an image whose usage
rights require a credit and have none is refused by the image's own validation, whatever the article's status.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section, Status
from authors.models import Author
from media.models import Image
from tests.transfer.conftest import make_jpeg, run, uploaded_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(files):
    """The wire's three good items, and two published ones whose pictures' rights end too soon."""
    now = timezone.now()
    make_jpeg(files / "images" / "flooded-market.jpg", (1200, 800), (90, 60, 30))
    make_jpeg(files / "images" / "festival.jpg", (1200, 800), (160, 40, 90))

    def item(number, title, file, *, publish_at, rights_expire_at):
        return {
            "import_ref": f"wire:rights:{number}",
            "headline": f"Rights story {number}",
            "status": "published",
            "publish_at": publish_at.isoformat(),
            "section": {"slug": "weather", "name": "Weather"},
            "authors": [{"slug": f"stringer-{number}", "name": f"Stringer {number}"}],
            "lead_image": {
                "import_ref": f"wire:rights:photo:{number}",
                "file": file,
                "title": title,
                "alt_text": title,
                "credit": "AFP",
                "usage_rights": "agency",
                "rights_expire_at": rights_expire_at.isoformat(),
            },
        }

    good = [json.loads(line) for line in (files / "wire.jsonl").read_text().splitlines()]
    expired = item(
        1, "Flooded market", "images/flooded-market.jpg",
        publish_at=now - timedelta(hours=1), rights_expire_at=now - timedelta(days=2),
    )  # fmt: skip
    # Scheduled for next week, with rights that end the day before.
    ending = item(
        2, "Festival crowd", "images/festival.jpg",
        publish_at=now + timedelta(days=7), rights_expire_at=now + timedelta(days=6),
    )  # fmt: skip
    return {"good": good, "expired": expired, "ending": ending}


def write(path, items):
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def test_a_published_article_whose_image_rights_have_expired_is_refused_and_nothing_of_it_is_written(
    files, lines, media_root
):
    good = lines["good"]
    path = write(files / "rights.jsonl", [good[0], lines["expired"], good[1], lines["ending"], good[2]])

    result = run("import_articles", path)

    assert not result.ok
    assert "Imported: 3 created, 0 updated, 0 unchanged, 2 failed." in result.stdout
    messages = result.stderr
    assert "rights.jsonl line 2: lead_image: The lead image “Flooded market” cannot be published: its usage " in (
        messages
    )
    assert "rights.jsonl line 4: lead_image: The lead image “Festival crowd” cannot be published then: its " in (
        messages
    )
    assert set(Article.objects.values_list("import_ref", flat=True)) == {line["import_ref"] for line in good}
    assert not Section.objects.filter(slug="weather").exists()
    assert not Author.objects.filter(slug__startswith="stringer-").exists()
    (image,) = Image.objects.all()
    assert image.import_ref == "wire:afp:photo:88"
    # Under MEDIA_ROOT: the good item's picture and its renditions, nothing of the refused ones'.
    assert uploaded_files(media_root) == sorted([image.file.name, *image.renditions.values_list("file", flat=True)])


@pytest.mark.parametrize("refused", ["expired", "ending"])
def test_the_same_article_as_a_draft_imports_with_its_image(files, lines, media_root, refused):
    draft = {**lines[refused], "status": "draft"}
    path = write(files / "draft.jsonl", [draft])

    result = run("import_articles", path)

    assert result.ok, result.output
    assert "Imported: 1 created, 0 updated, 0 unchanged, 0 failed." in result.stdout
    article = Article.objects.get(import_ref=draft["import_ref"])
    assert article.status == Status.DRAFT
    assert article.lead_image.title == draft["lead_image"]["title"]
    assert article.lead_image.file.name in uploaded_files(media_root)
    assert not Article.objects.published().exists()
