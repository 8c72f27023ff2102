"""The WordPress (WXR) reader: what it makes of a WordPress 6.x export, and of bad files.

The fixture fixtures/wordpress-6.xml is a WordPress 6.8 export of "Asia In News". Its two
attachments name the uploads 2025/10/taipei-harbour.jpg (attachment 102, after the post
that uses it) and 2025/10/singapore-skyline.jpg (attachment 103, before its post);
`wxr_factory.make_uploads` writes them as real JPEGs (sizes in `FIXTURE_IMAGES`).
"""

import re
import tracemalloc
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from PIL import Image

from articles.models import Status
from tests.transfer.wxr_factory import FIXTURE, FIXTURE_IMAGES, make_uploads, write_large_wxr
from transfer.readers.shortcodes import autop, convert_shortcodes, render_content
from transfer.readers.wordpress import looks_like_wordpress, php_credit, read_wordpress
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    ItemError,
    PageRecord,
    SectionRecord,
    SkippedItem,
)

BASE = "https://asiainnews.example"
WXR_TEXT = FIXTURE.read_text(encoding="utf-8")


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


def edited(tmp_path, replacements, *, name="export.xml"):
    """The fixture with some text replaced, each replacement inside the item of the given post ID."""
    text = WXR_TEXT
    for post_id, old, new in replacements:
        start = text.index(f"<wp:post_id>{post_id}</wp:post_id>")
        start, end = text.rindex("<item>", 0, start), text.index("</item>", start)
        item = text[start:end]
        assert old in item, f"{old!r} is not in post {post_id}"
        text = text[:start] + item.replace(old, new, 1) + text[end:]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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


# What each item becomes


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
    assert post.warnings == ["1 inline image dropped (article bodies carry no inline images)"]

    image = post.lead_image
    assert image.import_ref == f"wordpress:{BASE}:attachment:102"
    assert image.path == (uploads / "2025/10/taipei-harbour.jpg").resolve()
    assert image.title == "Taipei harbour at dawn"
    assert image.alt_text == "Container ships moored in Keelung harbour"
    assert image.caption == "Container ships in Keelung harbour, north of Taipei, at dawn."
    assert image.credit == "Reuters/Ann Wang"
    assert image.source_url == f"{BASE}/wp-content/uploads/2025/10/taipei-harbour.jpg"
    assert image.created_at == datetime(2025, 10, 22, 9, 40, tzinfo=UTC)


def test_classic_editor_body_gets_paragraphs_and_a_figure_for_its_caption(posts):
    assert posts[101].body == (
        "<p>TAIPEI — Taiwan and the United States agreed on Tuesday to deepen military ties, officials in both "
        "capitals said.</p>\n"
        "<p>“We will stand with our friends,” the envoy said, calling the agreement “historic [sic] and overdue”."
        "<br />\nTalks continue next week in Washington.</p>\n"
        '<figure><img class="size-large wp-image-120" src="https://asiainnews.example/wp-content/uploads/2025/10/'
        'envoy-taipei.jpg" alt="The envoy at Songshan airport" width="800" height="533" />'
        "<figcaption>The envoy arriving at Songshan airport on Tuesday.</figcaption></figure>\n"
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
        "department said.</p>\n\n"
        "<p>The line links Nhổn to the city centre.</p>\n"
        '<p><a href="https://www.youtube.com/watch?v=hanoiMetro2">https://www.youtube.com/watch?v=hanoiMetro2</a></p>\n'
        '<p><a href="https://twitter.com/hanoitimes/status/1790000000000000000">'
        "https://twitter.com/hanoitimes/status/1790000000000000000</a></p>"
    )
    assert post.warnings == ["[gallery] removed (galleries, audio, video and playlists are not imported)"]


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
    """The reader passes HTML on as WordPress held it (the loader sanitizes); the operator hears what was lost."""
    post = posts[110]
    assert post.headline == "Seoul summit: Korea, Japan & China sign trade pact"
    assert post.standfirst == "A three-way pact cuts tariffs on chips & batteries."
    assert "<script>alert(1)</script>" in post.body
    assert 'onerror="alert(1)"' in post.body
    assert "contact-form-7" not in post.body
    assert post.lead_image is None
    assert post.warnings == [
        "shortcodes removed (they need a WordPress plugin): [contact-form-7]",
        "1 inline image dropped (article bodies carry no inline images)",
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


# Bad input


def test_truncated_file_yields_the_items_before_the_cut_then_the_place_of_the_error(tmp_path):
    cut = WXR_TEXT.index("<wp:post_id>105</wp:post_id>")
    path = tmp_path / "export.xml"
    path.write_text(WXR_TEXT[:cut], encoding="utf-8")
    records = list(read_wordpress(path, media_dir=tmp_path))
    assert [type(r) for r in records] == [PageRecord, ArticleRecord, ArticleRecord, ItemError]
    assert records[1].lead_image.import_ref == f"wordpress:{BASE}:attachment:102"
    error = records[-1]
    line = WXR_TEXT[:cut].count("\n") + 1
    assert error.location == f"export.xml line {line}, column {len(WXR_TEXT[:cut].rsplit(chr(10), 1)[1]) + 1}"
    assert error.message.startswith("the XML is malformed or truncated: ")


def test_malformed_xml_is_reported_at_its_line(tmp_path):
    path = edited(tmp_path, [(107, "<wp:post_name>", "<wp:post_name x=>")])
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if "<wp:post_name x=>" in text)
    records = list(read_wordpress(path, media_dir=tmp_path))
    assert [r.location for r in records[-2:]] == [
        "export.xml item 7 (post 106)",
        f"export.xml line {line}, column {lines[line - 1].index('>') + 1}",
    ]
    assert records[-1].message == "the XML is malformed or truncated: not well-formed (invalid token)."


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol9;</title></item></channel></rss>
"""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(
            WXR_TEXT.replace(
                "<rss version", '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss version', 1
            ).replace("<title><![CDATA[About us]]></title>", "<title>&xxe;</title>"),
            id="external-entity",
        ),
        pytest.param(WXR_TEXT.replace("<rss version", "<!DOCTYPE rss>\n<rss version", 1), id="bare-doctype"),
    ],
)
def test_a_file_declaring_a_dtd_or_entities_is_refused_whole(tmp_path, text):
    path = tmp_path / "bomb.xml"
    path.write_text(text, encoding="utf-8")
    records = list(read_wordpress(path, media_dir=tmp_path))
    assert len(records) == 1
    assert records[0].location == "bomb.xml"
    assert "refused: the file declares a DTD or entities (an XML bomb or external entity?)" in records[0].message
    assert "root:" not in records[0].message


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item>'
        "</channel></rss>",
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title></feed>',
    ],
    ids=["plain-rss", "atom"],
)
def test_xml_that_is_not_a_wordpress_export_is_refused(tmp_path, text):
    path = tmp_path / "feed.xml"
    path.write_text(text, encoding="utf-8")
    [error] = read_wordpress(path)
    assert isinstance(error, ItemError)
    assert error.location == "feed.xml"
    assert error.message.startswith("not a WordPress export")


def test_invalid_gmt_date_fails_that_post_only(tmp_path):
    path = edited(tmp_path, [(104, "2025-10-21 02:15:00", "2025-10-32 25:61:00")])
    records = {r.location: r for r in read_wordpress(path, media_dir=tmp_path)}
    assert records["export.xml item 5 (post 104)"] == ItemError(
        "export.xml item 5 (post 104)",
        "wp:post_date_gmt: '2025-10-32 25:61:00' is not a date (WordPress writes YYYY-MM-DD HH:MM:SS).",
    )
    assert isinstance(records["export.xml item 2 (post 101)"], ArticleRecord)


def test_author_missing_from_the_channel_fails_the_post(tmp_path):
    path = edited(tmp_path, [(107, "<![CDATA[nchauhan]]></dc:creator>", "<![CDATA[ghost]]></dc:creator>")])
    [error] = [r for r in read_wordpress(path) if isinstance(r, ItemError)]
    assert error == ItemError(
        "export.xml item 8 (post 107)", "unknown author 'ghost' (not among the file's wp:author entries)."
    )


@pytest.mark.parametrize("attached_file", ["../../../etc/passwd", "/etc/passwd", "2025/../../secret.jpg"])
def test_attachment_path_outside_the_uploads_folder_fails_the_post(tmp_path, attached_file):
    path = edited(tmp_path, [(103, "<![CDATA[2025/10/singapore-skyline.jpg]]>", f"<![CDATA[{attached_file}]]>")])
    media_dir = tmp_path / "wp-content-uploads"
    media_dir.mkdir()
    [error] = [r for r in read_wordpress(path, media_dir=media_dir) if isinstance(r, ItemError)]
    assert error.location == "export.xml item 5 (post 104)"
    assert error.message.startswith("featured image (attachment 103): ")
    assert "outside the folder of the import" in error.message


def test_password_protected_post_is_not_published(tmp_path):
    path = edited(tmp_path, [(110, "<wp:post_password><![CDATA[]]>", "<wp:post_password><![CDATA[s3cret]]>")])
    post = next(r for r in read_wordpress(path) if r.location.endswith("(post 110)"))
    assert post.status == Status.DRAFT
    assert post.publish_at is None
    assert "password-protected post imported as a draft (this site has no post passwords)" in post.warnings


def test_a_status_wordpress_plugins_add_becomes_a_draft_with_a_warning(tmp_path):
    path = edited(tmp_path, [(107, "<![CDATA[pending]]>", "<![CDATA[pitch]]>")])
    post = next(r for r in read_wordpress(path) if r.location.endswith("(post 107)"))
    assert post.status == Status.DRAFT
    assert post.warnings == ["WordPress status 'pitch' imported as a draft"]


def test_post_without_a_title_fails(tmp_path):
    path = edited(tmp_path, [(107, "<![CDATA[Jakarta floods: what we know]]>", "<![CDATA[  ]]>")])
    [error] = [r for r in read_wordpress(path) if isinstance(r, ItemError)]
    assert error == ItemError(
        "export.xml item 8 (post 107)", "the post has no title: give it one in WordPress and export again."
    )


# Shortcodes and paragraphs


def test_caption_shortcode_becomes_a_figure():
    html, warnings = convert_shortcodes(
        '[caption id="attachment_12" align="alignnone" width="800"]<a href="https://x.example/p.jpg">'
        '<img src="p.jpg" alt="A port" /></a> Ships in <em>Busan</em>[/caption]'
    )
    assert html == (
        '<figure><a href="https://x.example/p.jpg"><img src="p.jpg" alt="A port" /></a>'
        "<figcaption>Ships in <em>Busan</em></figcaption></figure>"
    )
    assert warnings == ["1 inline image dropped (article bodies carry no inline images)"]


def test_caption_given_as_an_attribute_is_escaped():
    html, _ = convert_shortcodes(
        '[wp_caption caption="Fish &amp; chips <b>" width="300"]<img src="f.jpg">[/wp_caption]'
    )
    assert html == '<figure><img src="f.jpg"><figcaption>Fish &amp; chips &lt;b&gt;</figcaption></figure>'


def test_embeds_become_links():
    html, warnings = convert_shortcodes(
        'Watch:\n[embed width="500"]https://video.example/?v=1&amp;t="2"[/embed]\nhttps://youtu.be/abc\n'
        "See https://example.org/inline in a sentence."
    )
    assert html == (
        "Watch:\n"
        '<p><a href="https://video.example/?v=1&amp;t=&quot;2&quot;">https://video.example/?v=1&amp;t=&quot;2&quot;'
        "</a></p>\n"
        '<p><a href="https://youtu.be/abc">https://youtu.be/abc</a></p>\n'
        "See https://example.org/inline in a sentence."
    )
    assert warnings == []


def test_media_shortcodes_are_removed_and_named():
    html, warnings = convert_shortcodes(
        'A[gallery ids="1,2"]B[audio mp3="a.mp3"][/audio]C[video src="v.mp4"]<track src="x">[/video]D'
        '[playlist ids="3"][gallery ids="4"]'
    )
    assert html == "ABCD"
    assert warnings == [
        "[gallery], [audio], [video], [playlist] removed (galleries, audio, video and playlists are not imported)"
    ]


def test_other_shortcodes_keep_their_content_or_go():
    html, warnings = convert_shortcodes(
        '[row][column width="1/2"]Left [highlight color="yellow"]key point[/highlight][/column][/row]'
        '[contact-form-7 id="5" title="Tips"][divider /]'
    )
    assert html == "Left key point"
    assert warnings == ["shortcodes removed (they need a WordPress plugin): [contact-form-7], [divider]"]


def test_brackets_in_text_are_kept():
    text = "He called it historic [sic], citing a report [1] that [the minister] had seen [2025]."
    assert convert_shortcodes(text) == (text, [])
    assert convert_shortcodes('Write [[gallery ids="1"]] to show a gallery.') == (
        'Write [gallery ids="1"] to show a gallery.',
        [],
    )


def test_images_are_counted():
    assert convert_shortcodes('<img src="a.jpg"><p><IMG src="b.jpg"></p>')[1] == [
        "2 inline images dropped (article bodies carry no inline images)"
    ]


def test_autop_makes_paragraphs_and_line_breaks_and_leaves_blocks_alone():
    assert autop("First line\nsecond line\n\nNext paragraph\n\n<ul>\n<li>one</li>\n</ul>\n<pre>a\n\nb</pre>") == (
        "<p>First line<br />\nsecond line</p>\n<p>Next paragraph</p>\n<ul>\n<li>one</li>\n</ul>\n<pre>a\n\nb</pre>"
    )
    assert autop("<blockquote>Quoted\n\nagain</blockquote>") == "<blockquote><p>Quoted</p>\n<p>again</p></blockquote>"
    assert autop("  \n ") == ""


def test_render_content_removes_the_paragraph_around_a_block_shortcode():
    html, _ = render_content('Intro.\n\n[caption width="10"]<img src="a.jpg"> Caption[/caption]\n\n[gallery ids="1"]')
    assert html == '<p>Intro.</p>\n<figure><img src="a.jpg"><figcaption>Caption</figcaption></figure>'
    gutenberg = "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->"
    assert render_content(gutenberg) == (gutenberg, [])


def test_credit_comes_out_of_php_serialized_metadata_without_unserializing():
    assert php_credit('a:1:{s:10:"image_meta";a:2:{s:6:"credit";s:8:"AP "Lee"";s:3:"iso";s:3:"100";}}') == 'AP "Lee"'
    assert php_credit('a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:7:"Nguyễn";}}') == ""  # Nguyễn is 8 bytes
    assert php_credit('a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:8:"Nguyễn";}}') == "Nguyễn"
    assert php_credit("") == ""


# Memory


def peak_while_reading(path):
    tracemalloc.start()
    try:
        articles = sum(isinstance(record, ArticleRecord) for record in read_wordpress(path, media_dir=path.parent))
        return articles, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_stays_flat_however_large_the_export(tmp_path):
    """Ten times the items, not ten times the memory: each item is dropped from the tree once read."""
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    write_large_wxr(small, 2_000)
    write_large_wxr(large, 20_000)
    small_articles, small_peak = peak_while_reading(small)
    large_articles, large_peak = peak_while_reading(large)
    assert (small_articles, large_articles) == (2_000, 20_000)
    assert large_peak < 1.5 * small_peak + 256 * 1024, f"{small_peak=} {large_peak=}"
