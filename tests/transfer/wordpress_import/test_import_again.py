"""Importing a WordPress export again: unchanged items stay as they are, edited ones are updated, and a
dry run reports what a real run would do and writes nothing."""

import pytest
from reversion.models import Version

from articles.models import Article, PurgeLog
from media.models import Image
from tests.factories import SectionFactory
from tests.helpers.wordpress import FIRST_RUN, article, import_wxr, row_counts, variant
from tests.transfer.conftest import run, uploaded_files
from tests.transfer.wxr_factory import FIXTURE, MOVE_FIXTURE, MOVE_IMAGES, make_uploads

pytestmark = pytest.mark.django_db


def test_running_the_same_import_again_changes_nothing(uploads, media_root):
    import_wxr(uploads)
    counts = row_counts()
    stored = uploaded_files(media_root)
    editions = {a.import_ref: (a.version, a.updated_at) for a in Article.objects.all()}
    purges = PurgeLog.objects.count()

    again = import_wxr(uploads)

    assert again.ok, again.output
    assert again.stdout == "Imported: 0 created, 0 updated, 8 unchanged, 0 failed, 2 skipped.\n"  # no warnings again
    assert row_counts() == counts
    assert uploaded_files(media_root) == stored
    assert {a.import_ref: (a.version, a.updated_at) for a in Article.objects.all()} == editions
    assert PurgeLog.objects.count() == purges  # the page cache is kept


def test_a_post_edited_in_wordpress_updates_that_article_only(uploads, media_root, tmp_path):
    import_wxr(uploads)
    counts = row_counts()
    stored = uploaded_files(media_root)
    image = article("post:101").lead_image
    others = {a.import_ref: (a.version, a.updated_at) for a in Article.objects.exclude(import_ref__endswith=":101")}
    edited = variant(
        tmp_path,
        "edited.xml",
        (
            "<![CDATA[Taiwan and US deepen military ties]]></title>",
            "<![CDATA[Taiwan and US sign defence pact]]></title>",
        ),
    )

    result = import_wxr(uploads, path=edited)

    assert result.ok, result.output
    assert result.stdout.splitlines()[-1] == "Imported: 0 created, 1 updated, 7 unchanged, 0 failed, 2 skipped."
    taiwan = article("post:101")
    assert taiwan.headline == "Taiwan and US sign defence pact"
    assert taiwan.slug == "taiwan-and-us-deepen-military-ties"  # its address stays
    assert taiwan.lead_image == image
    assert Version.objects.get_for_object(taiwan).count() == 2
    assert {a.import_ref: (a.version, a.updated_at) for a in Article.objects.exclude(pk=taiwan.pk)} == others
    assert all(Version.objects.get_for_object(a).count() == 1 for a in Article.objects.exclude(pk=taiwan.pk))
    assert {name: n for name, n in row_counts().items() if name != "Version"} == {
        name: n for name, n in counts.items() if name != "Version"
    }
    assert uploaded_files(media_root) == stored


# Dry run


@pytest.mark.slow
def test_a_dry_run_reports_what_a_real_run_does_and_writes_nothing(uploads, media_root):
    dry = import_wxr(uploads, "--dry-run")

    assert dry.ok, dry.output
    assert dry.stdout.splitlines()[-1] == (
        "Dry run, nothing was written. It would have imported: 8 created, 0 updated, 0 unchanged, 0 failed, 2 skipped."
    )
    assert set(row_counts().values()) == {0}
    assert uploaded_files(media_root) == []

    real = import_wxr(uploads)

    assert real.stdout.splitlines()[-1] == FIRST_RUN
    assert real.stdout.splitlines()[:-1] == dry.stdout.splitlines()[:-1]  # the same warnings


def test_a_dry_run_of_an_edited_export_reports_the_update_and_changes_nothing(uploads, tmp_path):
    import_wxr(uploads)
    counts = row_counts()
    edited = variant(tmp_path, "edited.xml", ("<![CDATA[Mekong drought explainer]]>", "<![CDATA[Mekong drought]]>"))

    dry = import_wxr(uploads, "--dry-run", path=edited)

    assert dry.stdout.splitlines()[-1] == (
        "Dry run, nothing was written. It would have imported: 0 created, 1 updated, 7 unchanged, 0 failed, 2 skipped."
    )
    assert article("post:106").headline == "Mekong drought explainer"
    assert row_counts() == counts


def test_a_run_without_media_dir_keeps_the_featured_images_already_imported(uploads):
    """Without --media-dir the importer says it did not import the pictures; it must not take them off articles."""
    import_wxr(uploads)
    pictures = {ref: article(ref).lead_image for ref in ("post:101", "post:104")}

    result = run("import_articles", FIXTURE, "--create-sections", verbosity=2)

    assert "(post 101): warning: featured image not imported: give --media-dir" in result.stdout
    assert "Imported: 0 created, 0 updated, 8 unchanged" in result.stdout
    assert {ref: article(ref).lead_image for ref in pictures} == pictures


def test_a_moved_sites_export_imported_again_leaves_every_item_and_picture_as_it_was(media_root, tmp_path):
    """Galleries, pictures shown by several posts, a missing file, an untitled post, one without a post ID."""
    uploads = tmp_path / "wp-uploads"
    make_uploads(uploads, MOVE_IMAGES)
    SectionFactory(slug="general")
    move = (
        "import_articles",
        MOVE_FIXTURE,
        "--media-dir",
        uploads,
        "--create-sections",
        "--default-section",
        "general",
    )
    first = run(*move)
    assert first.ok, first.output
    counts, stored = row_counts(), uploaded_files(media_root)
    bodies = dict(Article.objects.values_list("import_ref", "body"))

    again = run(*move, "-v", "2")

    assert again.ok, again.output
    outcomes = [line for line in again.stdout.splitlines() if line.endswith(("created", "updated", "unchanged"))]
    assert len(outcomes) == 9 and all(line.endswith(": unchanged") for line in outcomes), outcomes
    assert again.stdout.splitlines()[-1] == "Imported: 0 created, 0 updated, 9 unchanged, 0 failed."
    assert row_counts() == counts and Image.objects.count() == 8
    assert uploaded_files(media_root) == stored
    assert dict(Article.objects.values_list("import_ref", "body")) == bodies

    without_pictures = run("import_articles", MOVE_FIXTURE, "--default-section", "general", "--create-sections")

    # The pictures imported before are still shown: a run without --media-dir is no request to remove them.
    assert without_pictures.stdout.splitlines()[-1] == "Imported: 0 created, 0 updated, 9 unchanged, 0 failed."
    assert dict(Article.objects.values_list("import_ref", "body")) == bodies
