"""The media operations commands, as an operator running them sees them: messages, exit status, rows and files."""

import errno
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image as PILImage

from articles.models import Status
from media import renditions
from media.models import Image
from media.renditions import SPECS, Spec
from tests.factories import UNPUBLISHED_STATES, ArticleFactory, AuthorFactory
from tests.helpers.media_commands import REPORT_QUERIES, days_from_now, run, save_image

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def change_specs(monkeypatch):
    """SPECS after a redesign: a square JPEG thumbnail, no WebP share card, a new square WebP."""
    monkeypatch.setitem(SPECS, "thumbnail-jpeg", Spec(200, 200, "jpeg"))
    monkeypatch.delitem(SPECS, "social-webp")
    monkeypatch.setitem(SPECS, "square-webp", Spec(300, 300, "webp"))


def renditions_of(image):
    """{spec: (row id, file name)} of the image's renditions."""
    return {r.spec: (r.pk, r.file.name) for r in image.renditions.all()}


def files_on_disk(image):
    """The names of the files in the image's renditions folder."""
    folder = Path(settings.MEDIA_ROOT) / "renditions" / str(image.pk)
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def files_named_by_rows(image):
    return {Path(name).name for _, name in renditions_of(image).values()}


# rebuild_renditions


def test_after_a_spec_change_every_rendition_is_made_again_to_the_new_specs(
    monkeypatch, django_capture_on_commit_callbacks
):
    images = [save_image("Harbour at night"), save_image("Street market")]
    old_files = {image.pk: files_on_disk(image) for image in images}
    change_specs(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        out, err, error = run("rebuild_renditions")

    assert error is None
    assert err == ""
    assert out == "Rebuilt renditions of 2 images (16 renditions).\n"
    for image in images:
        assert set(renditions_of(image)) == set(SPECS)
        assert "social-webp" not in renditions_of(image)
        thumbnail = image.renditions.get(spec="thumbnail-jpeg")
        with PILImage.open(thumbnail.file.path) as picture:
            assert picture.size == (thumbnail.width, thumbnail.height) == (200, 200)
        # The old files, the removed spec's among them, are gone; only the new ones are on disk.
        assert files_on_disk(image) == files_named_by_rows(image)
        assert files_on_disk(image).isdisjoint(old_files[image.pk])


def test_missing_only_makes_renditions_of_new_specs_and_deletes_those_of_removed_specs(
    monkeypatch, django_capture_on_commit_callbacks
):
    images = [save_image("Harbour at night"), save_image("Street market")]
    before = {image.pk: renditions_of(image) for image in images}
    change_specs(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        out, err, error = run("rebuild_renditions", "--missing")

    assert error is None
    assert out == "Checked 2 images: made 2 missing renditions, deleted 2 renditions of removed specs.\n"
    for image in images:
        now = renditions_of(image)
        assert set(now) == set(SPECS)
        kept = set(before[image.pk]) - {"social-webp"}
        assert {spec: now[spec] for spec in kept} == {spec: before[image.pk][spec] for spec in kept}
        assert image.renditions.get(spec="thumbnail-jpeg").width == 400  # existing renditions are left alone
        assert files_on_disk(image) == files_named_by_rows(image)  # the social-webp file went with its row

    with django_capture_on_commit_callbacks(execute=True):
        again, _, _ = run("rebuild_renditions", "--missing")

    assert again == "Checked 2 images: made 0 missing renditions, deleted 0 renditions of removed specs.\n"


def test_a_dry_run_says_what_would_change_and_changes_nothing(monkeypatch, django_capture_on_commit_callbacks):
    image = save_image()
    before, files_before = renditions_of(image), files_on_disk(image)
    change_specs(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        out, _, error = run("rebuild_renditions", "--missing", "--dry-run")

    assert error is None
    assert out == (
        "Checked 1 image: would make 1 missing rendition, would delete 1 rendition of removed specs; "
        "nothing was changed (--dry-run).\n"
    )
    assert renditions_of(image) == before
    assert files_on_disk(image) == files_before


def test_image_rebuilds_only_the_images_given(django_capture_on_commit_callbacks):
    first, second, third = save_image("First"), save_image("Second"), save_image("Third")
    before = {image.pk: renditions_of(image) for image in (first, second, third)}

    with django_capture_on_commit_callbacks(execute=True):
        out, _, error = run("rebuild_renditions", "--image", str(first.pk), "--image", str(third.pk))

    assert error is None
    assert out == "Rebuilt renditions of 2 images (16 renditions).\n"
    assert renditions_of(second) == before[second.pk]
    for image in (first, third):
        new_ids = {pk for pk, _ in renditions_of(image).values()}
        assert new_ids.isdisjoint(pk for pk, _ in before[image.pk].values())
        assert files_on_disk(image) == files_named_by_rows(image)


def test_an_unknown_image_id_is_an_error_naming_it_and_nothing_is_rebuilt():
    image = save_image()
    before = renditions_of(image)

    out, _, error = run("rebuild_renditions", "--image", str(image.pk), "--image", "999999")

    assert error == "No image with id 999999."
    assert out == ""
    assert renditions_of(image) == before


def break_original(image, how):
    if how == "missing":
        image.file.storage.delete(image.file.name)
    else:
        Path(image.file.path).write_bytes(b"These bytes were a picture once.")


@pytest.mark.parametrize(("how", "reason"), [("missing", "is missing"), ("corrupt", "is not a readable image")])
def test_an_image_whose_original_is_missing_or_corrupt_is_reported_keeps_its_renditions_and_the_others_go_on(
    how, reason, monkeypatch, django_capture_on_commit_callbacks
):
    broken, fine = save_image("Harbour at night"), save_image("Street market")
    broken_before, broken_files = renditions_of(broken), files_on_disk(broken)
    break_original(broken, how)
    change_specs(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        out, err, error = run("rebuild_renditions")

    assert err == (
        f'Image {broken.pk} "Harbour at night": its original file {broken.file.name} {reason}. '
        "Its renditions were kept.\n"
    )
    assert out == "Rebuilt renditions of 1 image (8 renditions); 1 failed.\n"
    assert error == (
        f"1 image could not be rebuilt (id {broken.pk}) and kept its old renditions; see the messages above."
    )
    assert renditions_of(broken) == broken_before
    assert files_on_disk(broken) == broken_files
    assert set(renditions_of(fine)) == set(SPECS)
    assert files_on_disk(fine) == files_named_by_rows(fine)


def test_an_image_that_fails_half_way_keeps_its_old_renditions_and_leaves_no_new_files(
    monkeypatch, django_capture_on_commit_callbacks
):
    broken, fine = save_image("Harbour at night"), save_image("Street market")
    broken_before, broken_files = renditions_of(broken), files_on_disk(broken)
    real_render, calls = renditions.render, []

    def render_until_the_disk_is_full(source, spec, focal_point=None):
        calls.append(spec)
        if len(calls) == 3:  # the first image's third rendition, after two were written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_render(source, spec, focal_point)

    monkeypatch.setattr(renditions, "render", render_until_the_disk_is_full)

    with django_capture_on_commit_callbacks(execute=True):
        out, err, error = run("rebuild_renditions")

    assert f'Image {broken.pk} "Harbour at night"' in err
    assert "No space left on device" in err
    assert error is not None
    assert out == "Rebuilt renditions of 1 image (8 renditions); 1 failed.\n"
    assert renditions_of(broken) == broken_before
    assert files_on_disk(broken) == broken_files
    assert files_on_disk(fine) == files_named_by_rows(fine)


def test_at_verbosity_0_rebuilding_prints_nothing_but_errors(django_capture_on_commit_callbacks):
    broken, _ = save_image("Harbour at night"), save_image("Street market")

    with django_capture_on_commit_callbacks(execute=True):
        out, err, error = run("rebuild_renditions", "--verbosity", "0")
    assert (out, err, error) == ("", "", None)

    break_original(broken, "missing")
    with django_capture_on_commit_callbacks(execute=True):
        out, err, error = run("rebuild_renditions", "--verbosity", "0")
    assert out == ""
    assert f'Image {broken.pk} "Harbour at night"' in err
    assert error is not None


# image_rights_report


def test_an_expired_image_on_a_published_article_is_an_error_and_the_report_lists_the_article(settings):
    settings.TIME_ZONE = "UTC"
    image = save_image("Harbour at night", rights_expire_at=datetime(2020, 1, 31, 17, 30, tzinfo=UTC))
    article = ArticleFactory(lead_image=image, headline="Floods close the harbour")

    out, _, error = run("image_rights_report")

    assert error == f"1 image whose rights have expired is still on published articles (image {image.pk})."
    assert out == (
        "Images whose usage rights have expired or expire within 30 days:\n"
        "\n"
        f"Harbour at night (image {image.pk})\n"
        "  Rights ended 2020-01-31 17:30 UTC: EXPIRED\n"
        "  Credit: Reuters. Usage rights: Agency.\n"
        "  On published articles:\n"
        f"    Floods close the harbour: {article.get_absolute_url()}\n"
        "\n"
        "1 image listed: 1 expired (1 still on published articles), 0 expiring within 30 days.\n"
    )


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_an_expired_image_only_on_an_article_readers_cannot_see_is_listed_but_not_an_error(state):
    image = save_image("Harbour at night", rights_expire_at=days_from_now(-2))
    ArticleFactory(lead_image=image, headline="Floods close the harbour", **UNPUBLISHED_STATES[state])

    out, _, error = run("image_rights_report")

    assert error is None
    assert f"Harbour at night (image {image.pk})" in out
    assert "EXPIRED" in out
    assert "Not on any published article." in out
    assert "Floods close the harbour" not in out
    assert "1 expired (0 still on published articles)" in out


def test_an_image_expiring_within_the_days_is_listed_with_the_days_left_and_is_not_an_error():
    image = save_image("Street market", rights_expire_at=days_from_now(10))
    article = ArticleFactory(lead_image=image, headline="Market day")
    ArticleFactory(lead_image=image, headline="Stalls close early", status=Status.DRAFT)

    out, _, error = run("image_rights_report", "--days", "14")

    assert error is None
    assert f"Street market (image {image.pk})" in out
    assert ": expires in 10 days" in out
    assert f"    Market day: {article.get_absolute_url()}\n" in out
    assert "Stalls close early" not in out
    assert "1 image listed: 0 expired (0 still on published articles), 1 expiring within 14 days." in out


def test_images_expiring_after_the_days_or_never_are_not_listed():
    save_image("Street market", rights_expire_at=days_from_now(10))
    save_image("Staff picture", rights_expire_at=None)

    out, _, error = run("image_rights_report", "--days", "7")

    assert error is None
    assert out == "No image's usage rights have expired or expire within 7 days.\n"


def test_an_image_used_by_no_published_article_is_listed_with_the_authors_whose_photo_it_is():
    image = save_image("Portrait", rights_expire_at=days_from_now(3))
    author = AuthorFactory(name="Jane Doe", slug="jane-doe", photo=image)

    out, _, error = run("image_rights_report")

    assert error is None
    assert "  Not on any published article.\n" in out
    assert f"  Photo of author Jane Doe: {author.get_absolute_url()}\n" in out


def test_the_expiry_is_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    save_image("Harbour at night", rights_expire_at=datetime(2020, 1, 31, 17, 30, tzinfo=UTC))

    out, _, _ = run("image_rights_report")

    assert "  Rights ended 2020-01-31 18:30 CET: EXPIRED\n" in out


@pytest.mark.parametrize(
    ("days", "message"),
    [("-1", "--days must be 0 or more, not -1."), ("99999999", "--days 99999999 reaches past the year 9999")],
)
def test_days_before_now_or_past_the_calendar_are_an_error(days, message):
    out, _, error = run("image_rights_report", "--days", days)

    assert error.startswith(message)
    assert out == ""


def test_at_verbosity_0_the_report_prints_nothing_but_the_error():
    expired = save_image("Harbour at night", rights_expire_at=days_from_now(-2))
    save_image("Street market", rights_expire_at=days_from_now(5))

    out, err, error = run("image_rights_report", "--verbosity", "0")
    assert (out, err, error) == ("", "", None)

    ArticleFactory(lead_image=expired)
    out, err, error = run("image_rights_report", "--verbosity", "0")
    assert (out, err) == ("", "")
    assert error == f"1 image whose rights have expired is still on published articles (image {expired.pk})."


# The images, their published articles, the authors whose photo they are.


def test_the_report_runs_the_same_number_of_queries_for_2_or_6_images(django_assert_max_num_queries):
    queries = {}
    for count, articles_each in ((2, 1), (6, 3)):
        for n in range(count - Image.objects.count()):
            image = save_image(f"Picture {n}", rights_expire_at=days_from_now(-1 if n % 2 else 5))
            for _ in range(articles_each):
                ArticleFactory(lead_image=image)
            AuthorFactory(photo=image)
        with django_assert_max_num_queries(REPORT_QUERIES) as captured:
            out, _, _ = run("image_rights_report")
        assert f"{count} images listed" in out
        queries[count] = len(captured)

    assert queries[2] == queries[6]


# Both commands


@pytest.mark.parametrize(
    ("command", "explanation"),
    [
        ("rebuild_renditions", "Run it after changing the rendition specs in media/renditions.py (SPECS)."),
        ("image_rights_report", "Run it daily from cron and replace or"),
    ],
)
def test_help_explains_what_the_command_does_and_when_to_run_it(command, explanation):
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert explanation in " ".join(result.stdout.split())
