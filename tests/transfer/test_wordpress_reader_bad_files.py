"""The WordPress (WXR) reader on bad files: a bad item fails alone, a broken file up to the break, a dangerous
one whole; and however large the file, its memory stays flat."""

import tracemalloc

import pytest

from articles.models import Status
from tests.helpers.wordpress import BASE, WXR_TEXT
from tests.transfer.wxr_factory import write_large_wxr
from transfer.readers.wordpress import read_wordpress
from transfer.records import ArticleRecord, AuthorRecord, ItemError, PageRecord


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


def test_an_author_missing_from_the_channel_is_imported_by_their_login_with_a_warning(tmp_path):
    """WXR 1.0 files, and posts whose author was deleted, name the author only in dc:creator."""
    path = edited(tmp_path, [(107, "<![CDATA[nchauhan]]></dc:creator>", "<![CDATA[ghost]]></dc:creator>")])
    post = next(r for r in read_wordpress(path) if r.location.endswith("(post 107)"))
    assert post.authors == [
        AuthorRecord(key="ghost", name="ghost", slug="ghost", import_ref=f"wordpress:{BASE}:author:ghost", defined=True)
    ]
    assert post.warnings == [
        "the author 'ghost' is not among the file's wp:author entries: imported with the login as name; give them "
        "their name in the admin."
    ]


@pytest.mark.parametrize("attached_file", ["../../../etc/passwd", "/etc/passwd", "2025/../../secret.jpg"])
def test_attachment_path_outside_the_uploads_folder_fails_the_posts_showing_it(tmp_path, attached_file):
    path = edited(tmp_path, [(103, "<![CDATA[2025/10/singapore-skyline.jpg]]>", f"<![CDATA[{attached_file}]]>")])
    media_dir = tmp_path / "wp-content-uploads"
    media_dir.mkdir()
    featured, in_gallery = [r for r in read_wordpress(path, media_dir=media_dir) if isinstance(r, ItemError)]
    assert (featured.location, in_gallery.location) == ("export.xml item 5 (post 104)", "export.xml item 6 (post 105)")
    assert featured.message.startswith("featured image (attachment 103): ")
    assert in_gallery.message.startswith("picture (attachment 103): ")
    assert "outside the folder of the import" in featured.message
    assert "outside the folder of the import" in in_gallery.message


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


def test_a_post_without_a_title_is_headlined_with_its_first_ten_words(tmp_path):
    path = edited(tmp_path, [(107, "<![CDATA[Jakarta floods: what we know]]>", "<![CDATA[  ]]>")])
    post = next(r for r in read_wordpress(path) if r.location.endswith("(post 107)"))
    assert post.headline == "JAKARTA — Floods have displaced thousands of people in the…"
    assert post.slug == "jakarta-floods-what-we-know"  # WordPress named it before the title went
    assert post.warnings == [
        "the post has no title: it was given “JAKARTA — Floods have displaced thousands of people in the…”, from "
        "its first words; edit it in the admin."
    ]


def test_a_post_without_a_title_is_headlined_with_its_excerpt_when_it_has_one(tmp_path):
    path = edited(tmp_path, [(110, "<![CDATA[Seoul summit: Korea, Japan &amp; China sign trade pact]]>", "")])
    post = next(r for r in read_wordpress(path) if r.location.endswith("(post 110)"))
    assert post.headline == "A three-way pact cuts tariffs on chips & batteries."  # ten words or fewer: whole


def test_a_post_without_a_title_excerpt_or_text_fails(tmp_path):
    path = edited(
        tmp_path,
        [
            (107, "<![CDATA[Jakarta floods: what we know]]>", "<![CDATA[]]>"),
            (107, "JAKARTA — Floods have displaced thousands of people in the Indonesian capital.", ""),
            (107, "More to follow.", ""),
        ],
    )
    [error] = [r for r in read_wordpress(path) if isinstance(r, ItemError)]
    assert error == ItemError(
        "export.xml item 8 (post 107)",
        "the post has no title, excerpt or text: give it a title in WordPress and export again.",
    )


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
