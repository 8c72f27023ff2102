"""What the WordPress reader makes of a real site's export: fixtures/wordpress-move.xml, "Aegean Courier".

Block-editor and classic posts with pictures in every form WordPress writes them (block images and galleries,
[caption], [gallery] with and without ids, <img>s of resized copies with no attachment id), a picture kept
only by its WordPress.com address, one whose file is missing, a picture from elsewhere, embeds, audio and
video; Greek and Chinese slugs, earlier slugs, an untitled post, uncategorised ones, one without wp:post_id,
and an author known only by login. What the import makes of it is in wordpress_import/test_moving_a_site.py.
"""

import re

import pytest

from tests.transfer.wxr_factory import MOVE_FIXTURE, MOVE_IMAGES, make_uploads
from transfer.readers.wordpress import read_wordpress
from transfer.records import ArticleRecord, AuthorRecord, PageRecord

BASE = "https://aegeancourier.example"
UPLOADS = f"{BASE}/wp-content/uploads"
GREEK_SLUG = (
    "%ce%bb%ce%b9%ce%bc%ce%ac%ce%bd%ce%b9-%cf%80%ce%b5%ce%b9%cf%81%ce%b1%ce%b9%ce%ac-%ce%bd%ce%ad%ce%b1-%ce%b1%cf%80"
    "%ce%bf%ce%b2%ce%ac%ce%b8%cf%81%ce%b1-%ce%ba%cf%81%ce%bf%cf%85%ce%b1%ce%b6%ce%b9%ce%b5%cf%81%cf%8c%cf%80%ce%bb"
    "%ce%bf%ce%b9%ce%b1"
)


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    media_dir = tmp_path_factory.mktemp("uploads")
    make_uploads(media_dir, MOVE_IMAGES)
    return media_dir


@pytest.fixture(scope="module")
def records(uploads):
    return list(read_wordpress(MOVE_FIXTURE, media_dir=uploads))


@pytest.fixture(scope="module")
def posts(records):
    """The records by WordPress post ID; the post without one is "guid"."""
    return {(m[1] if (m := re.search(r"\(post (\d+)\)", r.location)) else "guid"): r for r in records}


def pictures_of(record):
    """The attachments the body shows, in its order: data-file N is the N-th of body_images."""
    numbers = [int(n) for n in re.findall(r'data-file="(\d+)"', record.body)]
    return [record.body_images[n - 1].import_ref.rpartition(":")[2] for n in numbers]


def test_every_post_and_page_becomes_a_record_and_attachments_none(records):
    assert [(type(r).__name__, r.location) for r in records] == [
        ("ArticleRecord", "wordpress-move.xml item 11 (post 301)"),
        ("ArticleRecord", "wordpress-move.xml item 12 (post 302)"),
        ("ArticleRecord", "wordpress-move.xml item 13 (post 303)"),
        ("ArticleRecord", "wordpress-move.xml item 14 (post 304)"),
        ("ArticleRecord", "wordpress-move.xml item 15 (post 305)"),
        ("ArticleRecord", "wordpress-move.xml item 16"),
        ("ArticleRecord", "wordpress-move.xml item 17 (post 307)"),
        ("ArticleRecord", "wordpress-move.xml item 18 (post 308)"),
        ("PageRecord", "wordpress-move.xml item 19 (post 320)"),
    ]


def test_block_editor_pictures_and_gallery_are_figures_with_the_posts_captions(posts):
    post = posts["301"]
    assert pictures_of(post) == ["330", "207", "208"]  # 330's attachment comes after the post in the file
    assert '<img alt="Η νέα αποβάθρα από ψηλά" data-file="1">' in post.body  # the post's alt text
    assert "<figcaption>The new quay, seen from the harbour master’s tower.</figcaption>" in post.body
    assert "<figcaption>On deck, leaving Piraeus.</figcaption>" in post.body  # no caption in the post: WordPress's
    assert "<figcaption>The bow of the <em>Blue Star Delos</em>.</figcaption>" in post.body
    assert "<p>The first crossing from the new quay.</p>" in post.body  # the gallery's own caption
    assert post.lead_image.import_ref == f"wordpress:{BASE}:attachment:201"
    new_quay = post.body_images[0]
    assert (new_quay.title, new_quay.alt_text, new_quay.caption, new_quay.credit) == (
        "The new quay",
        "The new quay from above",
        "The new cruise quay at Piraeus.",
        "Eleni Papadaki/Aegean Courier",
    )
    assert post.warnings == []


def test_block_editor_embeds_video_and_audio_become_links(posts):
    body = posts["301"].body
    assert '<p><a href="https://www.youtube.com/watch?v=pIraeusQuay1">Drone footage of the quay</a></p>' in body
    assert f'<p><a href="{UPLOADS}/2024/06/first-crossing.mp4">{UPLOADS}/2024/06/first-crossing.mp4</a></p>' in body
    assert (
        f'<p><a href="{UPLOADS}/2024/06/harbourmaster-interview.mp3">Listen: the harbour master on the new quay</a></p>'
    ) in body
    assert "<video" not in body and "<audio" not in body and "wp-block-embed" not in body


def test_classic_pictures_are_found_by_caption_id_and_by_the_address_of_a_resized_copy(posts, uploads):
    post = posts["302"]
    # [caption id="attachment_202"] around a Photon address; lighthouse-1024x683.jpg, a copy of lighthouse-scaled.jpg;
    # then [gallery ids="202,203"].
    assert pictures_of(post) == ["202", "206", "202", "203"]
    assert [image.path for image in post.body_images] == [
        (uploads / name).resolve()
        for name in ("2024/05/fishing-boats.jpg", "2024/06/lighthouse-scaled.jpg", "2024/05/market-stalls.jpg")
    ]
    assert "<figcaption>Fishing boats in Ammoudi bay, below Oia.</figcaption>" in post.body
    # The picture that was in a paragraph is lifted out of it, which could not hold a figure.
    assert re.search(r"spring\.</p><figure><img alt=\"\" data-file=\"2\">.*?</figure><p>The lighthouse", post.body)
    assert post.warnings == []


def test_classic_audio_video_and_embeds_become_links(posts):
    body = posts["302"].body
    for url in (
        f"{UPLOADS}/2024/06/harbourmaster-interview.mp3",
        f"{UPLOADS}/2024/06/first-crossing.mp4",
        "https://vimeo.com/123456789",
        "https://www.youtube.com/embed/sAntorini9?feature=oembed",
    ):
        assert f'<p><a href="{url}">{url}</a></p>' in body
    assert "[audio" not in body and "[video" not in body and "<iframe" not in body


def test_a_wordpress_com_picture_is_found_by_its_address_and_a_picture_from_elsewhere_left_out(posts, uploads):
    post = posts["303"]
    assert pictures_of(post) == ["204", "205"]
    old_town, storm = post.body_images
    assert old_town.path == (uploads / "2008/06/old-town.jpg").resolve()  # no _wp_attached_file: its address's path
    assert old_town.source_url == "https://aegeancourier.files.wordpress.com/2008/06/old-town.jpg"
    assert not storm.path.exists()  # the loader leaves it out, with a warning
    assert "reader-view.jpg" not in post.body and "Thank you, Maria." in post.body
    assert post.warnings == [
        "picture https://cdn.elsewhere.example/photos/reader-view.jpg left out: it is not an attachment of the "
        "export, and bodies show only library pictures"
    ]


def test_a_gallery_naming_no_pictures_shows_the_pictures_uploaded_to_the_post(posts):
    """Attachments 203 and 206, not the video 211 uploaded to it too."""
    assert pictures_of(posts["305"]) == ["201", "203", "206"]


def test_an_untitled_post_is_headlined_with_its_first_words_and_addressed_by_them(posts):
    post = posts["304"]
    assert post.headline == "Ferry strike called off: unions and the ministry reached an…"
    assert post.slug == ""  # WordPress's "304": the loader makes one of the headline
    assert post.warnings == [
        "the post has no title: it was given “Ferry strike called off: unions and the ministry reached an…”, from "
        "its first words; edit it in the admin."
    ]


def test_uncategorised_posts_carry_no_section_of_their_own(posts):
    assert posts["305"].section.catch_all  # WordPress's Uncategorized
    assert posts["308"].section.key == ""  # no category at all


def test_a_post_without_a_post_id_is_identified_by_its_guid(posts):
    post = posts["guid"]
    assert post.import_ref == f"wordpress:{BASE}:guid:{BASE}/2024/06/16/the-last-sponge-divers-of-kalymnos/"
    assert post.headline == "The last sponge divers of Kalymnos"


def test_an_author_known_only_by_login_is_imported_under_it(posts):
    assert posts["308"].authors == [
        AuthorRecord(
            key="kostas", name="kostas", slug="kostas", import_ref=f"wordpress:{BASE}:author:kostas", defined=True
        )
    ]


def test_slugs_in_greek_and_chinese_are_read_percent_decoded(posts):
    assert posts["301"].slug == "λιμάνι-πειραιά-νέα-αποβάθρα-κρουαζιερόπλοια"
    assert posts["302"].slug == "中国游客重返圣托里尼"
    assert posts["320"].slug == "σχετικά-με-εμάς"


@pytest.mark.parametrize(
    ("post", "addresses"),
    [
        pytest.param(
            "301",
            [
                f"{BASE}/2024/06/12/{GREEK_SLUG}/",
                f"{BASE}/?p=301",
                f"{BASE}/2024/06/12/new-quay-piraeus/",
                f"{BASE}/2024/06/12/%ce%bd%ce%ad%ce%b1-%ce%b1%cf%80%ce%bf%ce%b2%ce%ac%ce%b8%cf%81%ce%b1/",
            ],
            id="two earlier slugs",
        ),
        pytest.param(
            "302",
            [
                f"{BASE}/2024/06/13/%e4%b8%ad%e5%9b%bd%e6%b8%b8%e5%ae%a2%e9%87%8d%e8%bf%94%e5%9c%a3%e6%89%98%e9%87%8c"
                "%e5%b0%bc/",
                f"{BASE}/?p=302",
            ],
            id="chinese slug",
        ),
        pytest.param(
            "303",
            [f"{BASE}/2024/06/14/chania-then-and-now/", f"{BASE}/?p=303", f"{BASE}/2024/06/14/chania-2008/"],
            id="one earlier slug",
        ),
        pytest.param("304", [f"{BASE}/?p=304"], id="plain permalink"),
        pytest.param("guid", [f"{BASE}/2024/06/16/the-last-sponge-divers-of-kalymnos/"], id="no post id"),
        pytest.param("307", [], id="a draft was never public"),
        pytest.param(
            "320",
            [
                f"{BASE}/%cf%83%cf%87%ce%b5%cf%84%ce%b9%ce%ba%ce%ac-%ce%bc%ce%b5-%ce%b5%ce%bc%ce%ac%cf%82/",
                f"{BASE}/?page_id=320",
                f"{BASE}/about/",
            ],
            id="page",
        ),
    ],
)
def test_public_items_carry_the_addresses_they_had_on_the_old_site(posts, post, addresses):
    assert isinstance(posts[post], ArticleRecord | PageRecord)
    assert posts[post].old_addresses == addresses
