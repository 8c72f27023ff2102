"""The WordPress (WXR) reader: what it makes of each item of a WordPress 6.x export.

The fixture fixtures/wordpress-6.xml is a WordPress 6.8 export of "Asia In News". Its two
attachments name the uploads 2025/10/taipei-harbour.jpg (attachment 102, after the post
that uses it) and 2025/10/singapore-skyline.jpg (attachment 103, before its post);
`wxr_factory.make_uploads` writes them as real JPEGs (sizes in `FIXTURE_IMAGES`).
Its bad files are in test_wordpress_reader_bad_files.py, its shortcodes in test_wordpress_shortcodes.py.
"""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from PIL import Image

from articles.models import Status
from tests.helpers.wordpress import BASE
from tests.transfer.wxr_factory import FIXTURE, FIXTURE_IMAGES, make_uploads
from transfer.readers.wordpress import looks_like_wordpress, read_wordpress
from transfer.records import ArticleRecord, AuthorRecord, PageRecord, SectionRecord, SkippedItem


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    media_dir = tmp_path_factory.mktemp("uploads")
    make_uploads(media_dir)
    return media_dir


@pytest.fixture(scope="module")
def records(uploads):
    return list(read_wordpress(FIXTURE, media_dir=uploads))


@pytest.fixture(scope="module")
def posts(records):
    """The records by WordPress post ID."""
    return {int(re.search(r"\(post (\d+)\)", record.location)[1]): record for record in records}


def nchauhan():
    return AuthorRecord(
        key="nchauhan",
        name="Nikhil Chauhan",
        slug="nikhil-chauhan",
        import_ref=f"wordpress:{BASE}:author:nchauhan",
        defined=True,
    )


def world():
    return SectionRecord(
        key="world", name="World", slug="world", description="Politics and diplomacy in Asia and beyond."
    )


def test_every_item_is_accounted_for_in_file_order(records):
    """Attachments serve as images and are not yielded; every other item is a record, in the file's order."""
    assert [(type(record).__name__, record.location) for record in records] == [
        ("PageRecord", "wordpress-6.xml item 1 (post 2)"),
        ("ArticleRecord", "wordpress-6.xml item 2 (post 101)"),
        ("ArticleRecord", "wordpress-6.xml item 5 (post 104)"),
        ("ArticleRecord", "wordpress-6.xml item 6 (post 105)"),
        ("ArticleRecord", "wordpress-6.xml item 7 (post 106)"),
        ("ArticleRecord", "wordpress-6.xml item 8 (post 107)"),
        ("ArticleRecord", "wordpress-6.xml item 9 (post 108)"),
        ("SkippedItem", "wordpress-6.xml item 10 (post 109)"),
        ("ArticleRecord", "wordpress-6.xml item 11 (post 110)"),
        ("SkippedItem", "wordpress-6.xml item 12 (post 111)"),
    ]


def test_published_classic_post_with_featured_image_after_it(posts, uploads):
    post = posts[101]
    assert isinstance(post, ArticleRecord)
    assert post.import_ref == f"wordpress:{BASE}:post:101"
    assert post.headline == "Taiwan and US deepen military ties"
    assert post.slug == "taiwan-and-us-deepen-military-ties"
    assert post.standfirst == "Officials in Taipei and Washington agreed to deepen military ties."
    assert post.status == Status.PUBLISHED
    assert post.publish_at == datetime(2025, 10, 22, 9, 30, tzinfo=UTC)
    assert post.first_published_at == datetime(2025, 10, 22, 9, 30, tzinfo=UTC)
    assert post.created_at == datetime(2025, 10, 22, 9, 30, tzinfo=UTC)
    assert post.is_featured is True  # sticky in WordPress
    assert post.section == world()
    assert post.tags == ["Defence", "台湾"]
    assert post.authors == [nchauhan()]
    assert post.warnings == [
        "picture https://asiainnews.example/wp-content/uploads/2025/10/envoy-taipei.jpg left out: it is not an "
        "attachment of the export, and bodies show only library pictures"
    ]
    assert post.body_images == []
    assert post.old_addresses == [f"{BASE}/2025/10/taiwan-and-us-deepen-military-ties/", f"{BASE}/?p=101"]

    image = post.lead_image
    assert image.import_ref == f"wordpress:{BASE}:attachment:102"
    assert image.path == (uploads / "2025/10/taipei-harbour.jpg").resolve()
    assert image.title == "Taipei harbour at dawn"
    assert image.alt_text == "Container ships moored in Keelung harbour"
    assert image.caption == "Container ships in Keelung harbour, north of Taipei, at dawn."
    assert image.credit == "Reuters/Ann Wang"
    assert image.source_url == f"{BASE}/wp-content/uploads/2025/10/taipei-harbour.jpg"
    assert image.created_at == datetime(2025, 10, 22, 9, 40, tzinfo=UTC)


def test_classic_editor_body_gets_paragraphs_and_loses_a_captioned_picture_from_outside_the_export(posts):
    """Attachment 120 is not in the file: its [caption]ed picture goes, and the caption with it."""
    assert posts[101].body == (
        "<p>TAIPEI — Taiwan and the United States agreed on Tuesday to deepen military ties, officials in both "
        "capitals said.</p>\n"
        "<p>“We will stand with our friends,” the envoy said, calling the agreement “historic [sic] and overdue”."
        "<br />\nTalks continue next week in Washington.</p>\n\n"
        '<p>Analysts quoted in <a href="https://example.org/report">a recent report</a> called it a turning '
        "point.</p>"
    )


def test_gutenberg_post_keeps_its_paragraphs(posts, uploads):
    post = posts[104]
    assert post.headline == "Singapore (新加坡) holds rates as exporters look to São Paulo"
    assert post.slug == "singapore-新加坡-holds-rates-as-exporters-look-to-sao-paulo"  # percent-decoded
    assert post.standfirst == "The Monetary Authority of Singapore kept its policy unchanged – as expected."
    assert post.status == Status.PUBLISHED
    assert post.publish_at == datetime(2025, 10, 21, 2, 15, tzinfo=UTC)
    assert post.is_featured is False
    assert post.section == SectionRecord(
        key="business", name="Business", slug="business", description="Markets, trade and companies across Asia."
    )
    assert post.tags == ["São Paulo", "Việt Nam", "World"]  # a second category becomes a tag
    assert post.authors == [
        AuthorRecord(
            key="mltan",
            name="Mei Lin Tan",
            slug="mei-lin-tan",
            import_ref=f"wordpress:{BASE}:author:mltan",
            defined=True,
        )
    ]
    assert post.body.startswith(
        "<!-- wp:paragraph -->\n<p>SINGAPORE — The Monetary Authority of Singapore left its policy settings"
    )
    assert "<p><p>" not in post.body and "<br />" not in post.body
    assert '<a href="https://www.youtube.com/watch?v=masPolicy25">' in post.body  # the embed's URL, as a link
    assert post.warnings == []

    image = post.lead_image
    assert image.import_ref == f"wordpress:{BASE}:attachment:103"
    assert image.path == (uploads / "2025/10/singapore-skyline.jpg").resolve()
    assert (image.title, image.alt_text) == ("Singapore skyline", "The Marina Bay skyline at dusk")
    assert image.caption == "Marina Bay, Singapore, on Monday."
    assert image.credit == "Trần Minh/Asia In News"  # s:24: counts UTF-8 bytes, not characters
    assert image.created_at == datetime(2025, 10, 20, 6, 0, tzinfo=UTC)


def test_featured_images_name_the_files_of_the_uploads_folder(posts):
    for post_id in (101, 104):
        path = posts[post_id].lead_image.path
        with Image.open(path) as picture:
            assert picture.size == FIXTURE_IMAGES[f"2025/10/{path.name}"]


def test_scheduled_post_is_published_with_a_future_date(posts):
    post = posts[105]
    assert post.status == Status.PUBLISHED
    assert post.publish_at == datetime(2030, 1, 15, 3, 0, tzinfo=UTC)
    assert post.first_published_at is None
    assert post.tags == ["Việt Nam"]
    assert post.body == (
        "<p>HANOI — Việt Nam will open the second line of the Hanoi metro in January, the city's transport "
        "department said.</p>\n"
        '<figure><img alt="" data-file="1"><figcaption>Container ships in Keelung harbour, north of Taipei, at dawn.'
        '</figcaption></figure><figure><img alt="" data-file="2"><figcaption>Marina Bay, Singapore, on Monday.'
        "</figcaption></figure>\n"
        "<p>The line links Nhổn to the city centre.</p>\n"
        '<p><a href="https://www.youtube.com/watch?v=hanoiMetro2">https://www.youtube.com/watch?v=hanoiMetro2</a></p>\n'
        '<p><a href="https://twitter.com/hanoitimes/status/1790000000000000000">'
        "https://twitter.com/hanoitimes/status/1790000000000000000</a></p>"
    )
    assert [image.import_ref for image in post.body_images] == [
        f"wordpress:{BASE}:attachment:102",
        f"wordpress:{BASE}:attachment:103",
    ]  # the [gallery]'s, a figure each, with the captions WordPress kept
    assert post.warnings == []
    assert post.old_addresses == []  # scheduled: never public


def test_draft_without_gmt_date_is_dated_from_its_local_date_in_the_site_time_zone():
    with timezone.override(ZoneInfo("Asia/Kolkata")):
        draft = next(r for r in read_wordpress(FIXTURE) if r.location.endswith("(post 106)"))
    assert draft.status == Status.DRAFT
    assert draft.slug == ""  # WordPress leaves drafts unnamed; the loader makes one
    assert draft.created_at == datetime(2025, 10, 20, 8, 45, tzinfo=UTC)  # 14:15 in Kolkata
    assert draft.publish_at is None and draft.first_published_at is None
    assert draft.lead_image is None


def test_pending_post_is_in_review(posts):
    post = posts[107]
    assert post.status == Status.IN_REVIEW
    assert post.slug == "jakarta-floods-what-we-know"
    assert post.publish_at is None
    assert post.authors == [nchauhan()]
    assert post.body == (
        "<p>JAKARTA — Floods have displaced thousands of people in the Indonesian capital.</p>\n<p>More to follow.</p>"
    )


def test_private_post_becomes_a_draft_with_a_warning(posts):
    post = posts[108]
    assert post.status == Status.DRAFT
    assert post.publish_at is None
    assert post.created_at == datetime(2025, 10, 19, 12, 0, tzinfo=UTC)
    assert post.warnings == ["private post imported as a draft"]


def test_trash_and_menu_items_are_skipped(posts):
    assert posts[109] == SkippedItem("wordpress-6.xml item 10 (post 109)", "status 'trash' is not imported")
    assert posts[111] == SkippedItem("wordpress-6.xml item 12 (post 111)", "post type 'nav_menu_item' is not imported")


def test_post_with_script_and_a_missing_featured_image(posts):
    """The reader passes HTML on as WordPress held it (the loader sanitizes), but for pictures from outside the
    export, which it leaves out; the operator hears what was lost."""
    post = posts[110]
    assert post.headline == "Seoul summit: Korea, Japan & China sign trade pact"
    assert post.standfirst == "A three-way pact cuts tariffs on chips & batteries."
    assert "<script>alert(1)</script>" in post.body
    assert "<img" not in post.body and "missing.jpg" not in post.body
    assert "contact-form-7" not in post.body
    assert post.lead_image is None
    assert post.warnings == [
        "shortcodes removed (they need a WordPress plugin): [contact-form-7]",
        "picture https://asiainnews.example/wp-content/uploads/2025/10/missing.jpg left out: it is not an attachment "
        "of the export, and bodies show only library pictures",
        "featured image (attachment 999) is not in the file",
    ]


def test_page_becomes_a_page_record(posts):
    assert posts[2] == PageRecord(
        location="wordpress-6.xml item 1 (post 2)",
        import_ref=f"wordpress:{BASE}:page:2",
        title="About us",
        slug="about-us",
        body=(
            "<p>Asia In News is an independent newsroom covering politics, business and culture from Kabul to "
            "Tokyo.</p>\n<p>We have correspondents in Delhi, Singapore, Taipei and Hanoi.<br />\nWrite to us at "
            '<a href="mailto:desk@asiainnews.example">desk@asiainnews.example</a>.</p>'
        ),
        is_published=True,
        position=3,
        old_addresses=[f"{BASE}/about-us/", f"{BASE}/?page_id=2"],
    )


def test_without_media_dir_featured_images_are_left_out_with_a_warning():
    post = next(r for r in read_wordpress(FIXTURE) if r.location.endswith("(post 101)"))
    assert post.lead_image is None
    assert "featured image not imported: give --media-dir (the WordPress uploads folder)" in post.warnings


def test_format_detection_from_the_head_of_a_file(tmp_path):
    assert looks_like_wordpress(FIXTURE.read_bytes()[:4096])
    assert not looks_like_wordpress(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title>')
    assert not looks_like_wordpress(b'{"headline": "A JSON Lines article"}\n')
    assert not looks_like_wordpress(b"---\nheadline: Markdown\n---\n")


def test_the_temporary_index_is_deleted_even_when_reading_stops_early(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    assert len(list(read_wordpress(FIXTURE))) == 10
    reader = read_wordpress(FIXTURE)
    next(reader)
    assert list(scratch.iterdir())  # the index exists while reading
    reader.close()
    assert list(scratch.iterdir()) == []
