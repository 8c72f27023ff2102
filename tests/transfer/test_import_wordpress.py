"""Importing a WordPress export (WXR) through `import_articles`, into the database and onto the site.

The fixture is a WordPress 6.8 export of "Asia In News", a site in India's time zone: a page,
seven posts (published, scheduled, draft, pending, private, trashed, one with a script),
two featured images (one after the post that uses it), a comment and a menu item. The
reader's own tests are in test_wordpress_reader.py; these go through the command.
"""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Page, PublicationState, Section, Status
from authors.models import Author
from media.models import Image
from tests.factories import ArticleFactory, SectionFactory
from tests.transfer.conftest import run, uploaded_files
from tests.transfer.wxr_factory import FIXTURE, FIXTURE_IMAGES, make_uploads, write_large_wxr

pytestmark = pytest.mark.django_db

BASE = "https://asiainnews.example"
WXR_TEXT = FIXTURE.read_text(encoding="utf-8")
EVERY_ITEM = {"page:2", "post:101", "post:104", "post:105", "post:106", "post:107", "post:108", "post:110"}
FIRST_RUN = "Imported: 8 created, 0 updated, 0 unchanged, 0 failed, 2 skipped."


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


def import_wxr(uploads, *args, path=FIXTURE):
    return run("import_articles", path, "--media-dir", uploads, "--create-sections", *args)


def variant(tmp_path, name, *replacements):
    """A copy of the fixture with text replaced, for bad or edited exports."""
    text = WXR_TEXT
    for old, new in replacements:
        assert old in text, f"{old!r} is not in the fixture"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def in_database():
    """The source items that are rows now, as "post:101" and "page:2"."""
    refs = [*Article.objects.values_list("import_ref", flat=True), *Page.objects.values_list("import_ref", flat=True)]
    return {ref.removeprefix(f"wordpress:{BASE}:") for ref in refs if ref}


def article(ref):
    return Article.objects.get(import_ref=f"wordpress:{BASE}:{ref}")


def row_counts():
    return {model.__name__: model.objects.count() for model in (Article, Page, Image, Author, Section, Tag, Version)}


def stored_files_of(image):
    return sorted([image.file.name, *(rendition.file.name for rendition in image.renditions.all())])


# Every field arrives


def test_the_summary_counts_what_was_created_and_skipped(uploads):
    result = import_wxr(uploads)

    assert result.ok, result.output
    assert result.stdout.splitlines()[-1] == FIRST_RUN  # the trashed post and the menu item are skipped
    assert result.stderr == ""
    assert in_database() == EVERY_ITEM
    assert not Article.objects.filter(headline="Old story").exists()
    assert (
        "wordpress-6.xml item 5 (post 104): warning: the slug “singapore-新加坡-holds-rates-as-exporters-look-to-"
        "sao-paulo” has letters addresses here cannot hold: it became “singapore-holds-rates-as-exporters-look-to-"
        "sao-paulo”."
    ) in result.stdout
    assert "wordpress-6.xml item 9 (post 108): warning: private post imported as a draft" in result.stdout


def when(*parts):
    return datetime(*parts, tzinfo=UTC)


EXPECTED_POSTS = {
    "post:101": {
        "headline": "Taiwan and US deepen military ties",
        "slug": "taiwan-and-us-deepen-military-ties",
        "status": Status.PUBLISHED,
        "publish_at": when(2025, 10, 22, 9, 30),
        "first_published_at": when(2025, 10, 22, 9, 30),
        "created_at": when(2025, 10, 22, 9, 30),
        "standfirst": "Officials in Taipei and Washington agreed to deepen military ties.",
        "is_featured": True,  # sticky
        "section": "world",
        "tags": ["Defence", "台湾"],
        "byline": ["Nikhil Chauhan"],
    },
    "post:104": {
        "headline": "Singapore (新加坡) holds rates as exporters look to São Paulo",
        "slug": "singapore-holds-rates-as-exporters-look-to-sao-paulo",
        "status": Status.PUBLISHED,
        "publish_at": when(2025, 10, 21, 2, 15),
        "first_published_at": when(2025, 10, 21, 2, 15),
        "created_at": when(2025, 10, 21, 2, 15),
        "standfirst": "The Monetary Authority of Singapore kept its policy unchanged – as expected.",
        "is_featured": False,
        "section": "business",
        "tags": ["São Paulo", "Việt Nam", "World"],  # the second category is a tag
        "byline": ["Mei Lin Tan"],
    },
    "post:105": {
        "headline": "Việt Nam to open second Hanoi metro line",
        "slug": "viet-nam-to-open-second-hanoi-metro-line",
        "status": Status.PUBLISHED,
        "publish_at": when(2030, 1, 15, 3, 0),
        "first_published_at": when(2030, 1, 15, 3, 0),  # as for articles scheduled in the admin
        "created_at": when(2030, 1, 15, 3, 0),
        "standfirst": "",
        "is_featured": False,
        "section": "world",
        "tags": ["Việt Nam"],
        "byline": ["Nikhil Chauhan"],
    },
    "post:106": {
        "headline": "Mekong drought explainer",
        "slug": "mekong-drought-explainer",  # WordPress leaves drafts unnamed
        "status": Status.DRAFT,
        "publish_at": None,
        "first_published_at": None,
        "created_at": when(2025, 10, 20, 8, 45),  # no GMT date: 14:15 in Kolkata
        "standfirst": "",
        "is_featured": False,
        "section": "world",
        "tags": [],
        "byline": ["Mei Lin Tan"],
    },
    "post:107": {
        "headline": "Jakarta floods: what we know",
        "slug": "jakarta-floods-what-we-know",
        "status": Status.IN_REVIEW,  # pending
        "publish_at": None,
        "first_published_at": None,
        "created_at": when(2025, 10, 21, 13, 10),  # no GMT date: 18:40 in Kolkata
        "standfirst": "",
        "is_featured": False,
        "section": "world",
        "tags": [],
        "byline": ["Nikhil Chauhan"],
    },
    "post:108": {
        "headline": "Internal: election coverage plan",
        "slug": "internal-election-coverage-plan",
        "status": Status.DRAFT,  # private
        "publish_at": None,
        "first_published_at": None,
        "created_at": when(2025, 10, 19, 12, 0),
        "standfirst": "",
        "is_featured": False,
        "section": "world",
        "tags": [],
        "byline": ["Mei Lin Tan"],
    },
    "post:110": {
        "headline": "Seoul summit: Korea, Japan & China sign trade pact",
        "slug": "seoul-summit-korea-japan-china-sign-trade-pact",
        "status": Status.PUBLISHED,
        "publish_at": when(2025, 10, 22, 6, 5),
        "first_published_at": when(2025, 10, 22, 6, 5),
        "created_at": when(2025, 10, 22, 6, 5),
        "standfirst": "A three-way pact cuts tariffs on chips & batteries.",
        "is_featured": False,
        "section": "business",
        "tags": [],
        "byline": ["Nikhil Chauhan"],
    },
}


@pytest.mark.parametrize("ref", EXPECTED_POSTS)
def test_every_field_of_each_post_arrives(uploads, ref):
    import_wxr(uploads)

    post = article(ref)
    assert {
        "headline": post.headline,
        "slug": post.slug,
        "status": post.status,
        "publish_at": post.publish_at,
        "first_published_at": post.first_published_at,
        "created_at": post.created_at,
        "standfirst": post.standfirst,
        "is_featured": post.is_featured,
        "section": post.section.slug,
        "tags": sorted(post.tags.names()),
        "byline": [author.name for author in post.byline_authors],
    } == EXPECTED_POSTS[ref]


def test_readers_see_published_posts_and_not_scheduled_or_unfinished_ones(uploads, client):
    import_wxr(uploads)

    published = {a.import_ref.rpartition(":")[2] for a in Article.objects.published()}
    scheduled = {a.import_ref.rpartition(":")[2] for a in Article.objects.scheduled()}
    assert (published, scheduled) == ({"101", "104", "110"}, {"105"})
    assert client.get(article("post:101").get_absolute_url()).status_code == 200
    for ref in ("post:105", "post:106", "post:107", "post:108"):
        assert client.get(article(ref).get_absolute_url()).status_code == 404, ref


def test_categories_become_sections_and_tags_keep_their_letters(uploads):
    import_wxr(uploads)

    assert {(s.slug, s.name, s.description) for s in Section.objects.all()} == {
        ("world", "World", "Politics and diplomacy in Asia and beyond."),
        ("business", "Business", "Markets, trade and companies across Asia."),
    }  # "Uncategorized" only held the trashed post
    assert set(Tag.objects.values_list("name", flat=True)) == {"Defence", "台湾", "São Paulo", "Việt Nam", "World"}


def test_authors_come_from_the_channel_with_their_display_names(uploads):
    import_wxr(uploads)

    assert {(a.name, a.slug, a.import_ref) for a in Author.objects.all()} == {
        ("Nikhil Chauhan", "nikhil-chauhan", f"wordpress:{BASE}:author:nchauhan"),
        ("Mei Lin Tan", "mei-lin-tan", f"wordpress:{BASE}:author:mltan"),
    }
    assert [(b.author.name, b.position) for b in article("post:104").bylines.all()] == [("Mei Lin Tan", 0)]


@pytest.mark.parametrize(
    ("ref", "attachment", "upload", "expected"),
    [
        pytest.param(
            "post:101",
            "attachment:102",
            "2025/10/taipei-harbour.jpg",
            {
                "title": "Taipei harbour at dawn",
                "caption": "Container ships in Keelung harbour, north of Taipei, at dawn.",
                "alt_text": "Container ships moored in Keelung harbour",
                "credit": "Reuters/Ann Wang",
                "created_at": when(2025, 10, 22, 9, 40),
            },
            id="attachment-after-its-post",
        ),
        pytest.param(
            "post:104",
            "attachment:103",
            "2025/10/singapore-skyline.jpg",
            {
                "title": "Singapore skyline",
                "caption": "Marina Bay, Singapore, on Monday.",
                "alt_text": "The Marina Bay skyline at dusk",
                "credit": "Trần Minh/Asia In News",
                "created_at": when(2025, 10, 20, 6, 0),
            },
            id="attachment-before-its-post",
        ),
    ],
)
def test_featured_images_are_stored_with_their_caption_alt_text_and_credit(
    uploads, media_root, ref, attachment, upload, expected
):
    import_wxr(uploads)

    image = article(ref).lead_image
    assert image.import_ref == f"wordpress:{BASE}:{attachment}"
    assert {name: getattr(image, name) for name in expected} == expected
    assert image.source_url == f"{BASE}/wp-content/uploads/{upload}"
    assert (image.width, image.height) == FIXTURE_IMAGES[upload]
    with image.file.open("rb") as stored, PILImage.open(stored) as picture:
        assert picture.size == FIXTURE_IMAGES[upload]
    assert image.renditions.count() > 0
    assert set(stored_files_of(image)) <= set(uploaded_files(media_root))
    assert Image.objects.count() == 2  # attachment 999 of post 110 is not in the file


def test_bodies_read_as_wordpress_showed_them_without_scripts_or_comments(uploads):
    import_wxr(uploads)

    taiwan = article("post:101").body
    assert "calling the agreement “historic [sic] and overdue”" in taiwan
    # The [caption]'s picture cannot be in an article body here, and its caption means nothing without it.
    assert "The envoy arriving at Songshan airport" not in taiwan and "<figure" not in taiwan
    assert "[caption" not in taiwan and "<p></p>" not in taiwan
    seoul = article("post:110").body
    assert "<strong>semiconductors</strong>" in seoul
    assert "<script" not in seoul and "alert(1)" not in seoul and "onerror" not in seoul
    assert "contact-form-7" not in seoul and "<p></p>" not in seoul
    bodies = [*Article.objects.values_list("body", flat=True), *Page.objects.values_list("body", flat=True)]
    assert not [body for body in bodies if "next round of talks" in body or "Chen Wei" in body]  # the comment


def test_the_page_becomes_a_site_page(uploads, client):
    import_wxr(uploads)

    page = Page.objects.get()
    assert (page.title, page.slug, page.is_published, page.position) == ("About us", "about-us", True, 3)
    assert page.import_ref == f"wordpress:{BASE}:page:2"
    assert not Article.objects.filter(headline="About us").exists()
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "correspondents in Delhi, Singapore, Taipei and Hanoi" in response.text


def test_the_imported_article_and_its_tag_pages_are_on_the_site(uploads, client):
    import_wxr(uploads)
    taiwan = article("post:101")

    response = client.get(taiwan.get_absolute_url())

    assert response.status_code == 200
    assert "Taiwan and US deepen military ties" in response.text
    assert "Container ships in Keelung harbour, north of Taipei, at dawn." in response.text
    assert "Photo: Reuters/Ann Wang" in response.text
    taiwan_tag = client.get(reverse("articles:tag", args=[Tag.objects.get(name="台湾").slug]))
    assert taiwan_tag.status_code == 200
    assert "Taiwan and US deepen military ties" in taiwan_tag.text
    viet_nam = client.get(reverse("articles:tag", args=[Tag.objects.get(name="Việt Nam").slug]))
    assert viet_nam.status_code == 200
    assert "Singapore (新加坡) holds rates" in viet_nam.text
    assert "second Hanoi metro line" not in viet_nam.text  # scheduled


# Running it again


def test_running_the_same_import_again_changes_nothing(uploads, media_root):
    import_wxr(uploads)
    counts = row_counts()
    stored = uploaded_files(media_root)
    editions = {a.import_ref: (a.version, a.updated_at) for a in Article.objects.all()}
    generation = PublicationState.objects.get().version

    again = import_wxr(uploads)

    assert again.ok, again.output
    assert again.stdout == "Imported: 0 created, 0 updated, 8 unchanged, 0 failed, 2 skipped.\n"  # no warnings again
    assert row_counts() == counts
    assert uploaded_files(media_root) == stored
    assert {a.import_ref: (a.version, a.updated_at) for a in Article.objects.all()} == editions
    assert PublicationState.objects.get().version == generation  # the page cache is kept


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


# Bad input


def test_a_truncated_export_lands_the_items_before_the_cut_and_names_the_line(uploads, tmp_path):
    cut = WXR_TEXT.index("<wp:post_name><![CDATA[internal-election-coverage-plan]]>")  # inside post 108
    truncated = tmp_path / "truncated.xml"
    truncated.write_text(WXR_TEXT[:cut], encoding="utf-8")
    line = WXR_TEXT[:cut].count("\n") + 1

    result = import_wxr(uploads, path=truncated)

    assert not result.ok
    assert f"truncated.xml line {line}, column " in result.stderr
    assert "the XML is malformed or truncated: no element found." in result.stderr
    assert result.stdout.splitlines()[-1] == "Imported: 6 created, 0 updated, 0 unchanged, 1 failed."
    assert in_database() == {"page:2", "post:101", "post:104", "post:105", "post:106", "post:107"}
    assert article("post:101").lead_image.import_ref == f"wordpress:{BASE}:attachment:102"


_LAUGHS = "".join(
    f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(2, 10)
)  # each level ten times the one before: &lol9; is a thousand million "lol"s


@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param(f'<!DOCTYPE rss [\n <!ENTITY lol1 "lol">\n{_LAUGHS}]>\n', id="billion-laughs"),
        pytest.param('<!DOCTYPE rss [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>\n', id="external-entity"),
    ],
)
def test_an_export_declaring_entities_is_refused_whole(uploads, media_root, tmp_path, doctype):
    bomb = variant(
        tmp_path,
        "bomb.xml",
        ("<rss version", f"{doctype}<rss version"),
        ("<title><![CDATA[About us]]></title>", "<title>&lol9;</title>"),
    )

    result = import_wxr(uploads, path=bomb)

    assert not result.ok
    assert "bomb.xml: refused: the file declares a DTD or entities (an XML bomb or external entity?)" in result.stderr
    assert "root:" not in result.output
    assert result.stdout.splitlines()[-1] == "Imported: 0 created, 0 updated, 0 unchanged, 1 failed."
    assert set(row_counts().values()) == {0}
    assert uploaded_files(media_root) == []


def test_a_missing_image_file_fails_its_post_only_and_leaves_no_file(uploads, media_root):
    (uploads / "2025/10/taipei-harbour.jpg").unlink()

    result = import_wxr(uploads)

    assert not result.ok
    assert "1 item failed (listed above); the others were imported." in result.error
    assert "wordpress-6.xml item 2 (post 101): image file not found: " in result.stderr
    assert "taipei-harbour.jpg" in result.stderr
    assert in_database() == EVERY_ITEM - {"post:101"}
    image = Image.objects.get()
    assert image.import_ref == f"wordpress:{BASE}:attachment:103"
    assert uploaded_files(media_root) == stored_files_of(image)


def test_a_file_that_is_not_a_picture_fails_its_post_only(uploads, media_root):
    (uploads / "2025/10/singapore-skyline.jpg").write_text("a text file named like a photo", encoding="utf-8")

    result = import_wxr(uploads)

    assert not result.ok
    assert (
        "wordpress-6.xml item 5 (post 104): singapore-skyline.jpg: This file is not a readable image, "
        "or it is truncated or corrupt."
    ) in result.stderr
    assert in_database() == EVERY_ITEM - {"post:104"}
    image = Image.objects.get()
    assert image.import_ref == f"wordpress:{BASE}:attachment:102"
    assert uploaded_files(media_root) == stored_files_of(image)


def test_an_invalid_date_fails_its_post_only(uploads, tmp_path):
    bad = variant(
        tmp_path,
        "dates.xml",
        ("<wp:post_date_gmt><![CDATA[2025-10-21 02:15:00]]>", "<wp:post_date_gmt><![CDATA[2025-13-45 99:00:00]]>"),
    )

    result = import_wxr(uploads, path=bad)

    assert not result.ok
    assert (
        "dates.xml item 5 (post 104): wp:post_date_gmt: '2025-13-45 99:00:00' is not a date "
        "(WordPress writes YYYY-MM-DD HH:MM:SS)."
    ) in result.stderr
    assert in_database() == EVERY_ITEM - {"post:104"}


def test_two_posts_with_one_slug_the_second_fails(uploads, tmp_path):
    bad = variant(
        tmp_path,
        "slugs.xml",
        (
            "<wp:post_name><![CDATA[seoul-summit-korea-japan-china-sign-trade-pact]]>",
            "<wp:post_name><![CDATA[taiwan-and-us-deepen-military-ties]]>",
        ),
    )

    result = import_wxr(uploads, path=bad)

    assert not result.ok
    assert (
        "slugs.xml item 11 (post 110): the slug “taiwan-and-us-deepen-military-ties” is already used by another "
        "article (“Taiwan and US deepen military ties”)"
    ) in result.stderr
    assert in_database() == EVERY_ITEM - {"post:110"}


def test_a_post_whose_slug_an_existing_article_holds_fails_and_the_article_is_left_alone(uploads):
    existing = ArticleFactory(headline="Jakarta floods: live", slug="jakarta-floods-what-we-know")

    result = import_wxr(uploads)

    assert not result.ok
    assert (
        "wordpress-6.xml item 8 (post 107): the slug “jakarta-floods-what-we-know” is already used by another "
        "article (“Jakarta floods: live”)"
    ) in result.stderr
    assert in_database() == EVERY_ITEM - {"post:107"}
    existing.refresh_from_db()
    assert (existing.headline, existing.import_ref) == ("Jakarta floods: live", "")


def test_a_post_by_an_author_the_export_does_not_list_fails(uploads, tmp_path):
    bad = variant(
        tmp_path,
        "authors.xml",
        (
            '<dc:creator><![CDATA[nchauhan]]></dc:creator>\n\t\t<guid isPermaLink="false">https://asiainnews.example/?p=107',
            '<dc:creator><![CDATA[ghost]]></dc:creator>\n\t\t<guid isPermaLink="false">https://asiainnews.example/?p=107',
        ),
    )

    result = import_wxr(uploads, path=bad)

    assert not result.ok
    assert (
        "authors.xml item 8 (post 107): unknown author 'ghost' (not among the file's wp:author entries)."
    ) in result.stderr
    assert in_database() == EVERY_ITEM - {"post:107"}
    assert Author.objects.count() == 2


def test_unknown_categories_are_refused_with_a_hint_to_map_them(uploads):
    result = run("import_articles", FIXTURE, "--media-dir", uploads)

    assert not result.ok
    assert "7 items failed (listed above); the others were imported." in result.error
    assert (
        "wordpress-6.xml item 2 (post 101): unknown section “World”: map it to an existing one with "
        "--section-map world=<section slug>, or pass --create-sections."
    ) in result.stderr
    assert "item 5 (post 104): unknown section “Business”: map it to an existing one with --section-map business=" in (
        result.stderr
    )
    assert in_database() == {"page:2"}
    assert Section.objects.count() == 0


def test_mapped_categories_go_into_existing_sections(uploads):
    asia = SectionFactory(name="Asia", slug="asia")
    markets = SectionFactory(name="Markets", slug="markets")

    result = run(
        "import_articles", FIXTURE, "--media-dir", uploads, "--section-map", "world=asia", "--section-map",
        "business=markets",
    )  # fmt: skip

    assert result.ok, result.output
    assert in_database() == EVERY_ITEM
    assert set(Section.objects.all()) == {asia, markets}
    assert article("post:101").section == asia
    assert article("post:104").section == markets
    assert "World" in article("post:104").tags.names()  # a further category is still a tag


def test_stop_on_error_keeps_only_the_items_before_the_bad_one(uploads, tmp_path):
    bad = variant(
        tmp_path,
        "stop.xml",
        (
            '<dc:creator><![CDATA[nchauhan]]></dc:creator>\n\t\t<guid isPermaLink="false">https://asiainnews.example/?p=107',
            '<dc:creator><![CDATA[ghost]]></dc:creator>\n\t\t<guid isPermaLink="false">https://asiainnews.example/?p=107',
        ),
    )

    result = import_wxr(uploads, "--stop-on-error", path=bad)

    assert not result.ok
    assert result.error == (
        "Stopped at the first bad item (stop.xml item 8 (post 107)); the items before it were imported, not it."
    )
    assert result.stdout.splitlines()[-1] == "Imported: 5 created, 0 updated, 0 unchanged, 1 failed."
    assert in_database() == {"page:2", "post:101", "post:104", "post:105", "post:106"}


# A large export


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


# Found while writing these tests: each fails until the importer is fixed.


def test_a_page_slug_that_loses_its_letters_is_reported(uploads, tmp_path):
    """A post's non-ASCII slug is reported when it is changed (above); a page's must be too."""
    renamed = variant(
        tmp_path,
        "pages.xml",
        ("<![CDATA[about-us]]></wp:post_name>", "<![CDATA[%e5%85%b3%e4%ba%8e-about-us]]></wp:post_name>"),
    )

    result = import_wxr(uploads, path=renamed)

    assert result.ok, result.output
    assert Page.objects.get().slug == "about-us"
    assert (
        "pages.xml item 1 (post 2): warning: the slug “关于-about-us” has letters addresses here cannot hold: "
        "it became “about-us”."
    ) in result.stdout


def test_create_sections_creates_a_section_for_a_category_named_in_chinese(uploads, tmp_path):
    """--create-sections promises a section for each unknown category, whatever alphabet its name is in."""
    economy = variant(
        tmp_path,
        "economy.xml",
        (
            '<category domain="category" nicename="business"><![CDATA[Business]]></category>',
            '<category domain="category" nicename="%e7%bb%8f%e6%b5%8e"><![CDATA[经济]]></category>',
        ),
    )

    result = import_wxr(uploads, path=economy)

    assert result.ok, result.output
    assert in_database() == EVERY_ITEM
    section = article("post:104").section
    assert section.name == "经济"
    assert re.fullmatch(r"[-a-z0-9]+", section.slug)


def test_a_run_without_media_dir_keeps_the_featured_images_already_imported(uploads):
    """Without --media-dir the importer says it did not import the pictures; it must not take them off articles."""
    import_wxr(uploads)
    pictures = {ref: article(ref).lead_image for ref in ("post:101", "post:104")}

    result = run("import_articles", FIXTURE, "--create-sections", verbosity=2)

    assert "(post 101): warning: featured image not imported: give --media-dir" in result.stdout
    assert "Imported: 0 created, 0 updated, 8 unchanged" in result.stdout
    assert {ref: article(ref).lead_image for ref in pictures} == pictures
