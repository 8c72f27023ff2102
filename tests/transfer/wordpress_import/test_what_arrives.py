"""Importing a WordPress export (WXR) through `import_articles`: what arrives in the database and on the site.

The fixture is a WordPress 6.8 export of "Asia In News", a site in India's time zone: a page,
seven posts (published, scheduled, draft, pending, private, trashed, one with a script),
two featured images (one after the post that uses it), a comment and a menu item. The
reader's own tests are in tests/transfer/test_wordpress_reader.py; these go through the command. The export is
imported once for the module, whose tests only read what it made.
"""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Article, Page, Section, Status
from authors.models import Author
from media.models import Image
from tests.helpers.wordpress import (
    BASE,
    EVERY_ITEM,
    FIRST_RUN,
    article,
    import_wxr,
    in_database,
    stored_files_of,
    when,
)
from tests.transfer.conftest import uploaded_files
from tests.transfer.wxr_factory import FIXTURE_IMAGES, make_uploads

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_import")]


@pytest.fixture(scope="module")
def first_import(django_db_setup, django_db_blocker, tmp_path_factory):
    """The export imported into an empty site, once for the module: the command's result and the MEDIA_ROOT.

    In a transaction rolled back after the module's tests, which each run in a savepoint within it.
    """
    uploads, stored = tmp_path_factory.mktemp("wp-uploads"), tmp_path_factory.mktemp("uploads")
    make_uploads(uploads)
    with (
        override_settings(MEDIA_ROOT=stored, TIME_ZONE="Asia/Kolkata"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield SimpleNamespace(result=import_wxr(uploads), media_root=stored)
        transaction.set_rollback(True)


@pytest.fixture
def media_root(settings, first_import):
    """Where the import stored its pictures."""
    settings.MEDIA_ROOT = first_import.media_root
    return first_import.media_root


def test_the_summary_counts_what_was_created_and_skipped(first_import):
    result = first_import.result

    assert result.ok, result.output
    assert result.stdout.splitlines() == [
        # Once per kind, not once per item (-v 2 lists each).
        "6 warnings (-v 2 lists each with its item): 2 × picture from outside the export left out, "
        "1 × slug changed to the letters addresses hold, 1 × private post imported as a draft, "
        "1 × plugin shortcodes removed, 1 × featured image not in the file.",
        FIRST_RUN,  # the trashed post and the menu item are skipped
    ]
    assert result.stderr == ""
    assert in_database() == EVERY_ITEM
    assert not Article.objects.filter(headline="Old story").exists()


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
        "slug": "singapore-xin-jia-po-holds-rates-as-exporters-look-to-sao-paulo",
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
def test_every_field_of_each_post_arrives(ref):
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


def test_readers_see_published_posts_and_not_scheduled_or_unfinished_ones(client):
    published = {a.import_ref.rpartition(":")[2] for a in Article.objects.published()}
    scheduled = {a.import_ref.rpartition(":")[2] for a in Article.objects.scheduled()}
    assert (published, scheduled) == ({"101", "104", "110"}, {"105"})
    assert client.get(article("post:101").get_absolute_url()).status_code == 200
    for ref in ("post:105", "post:106", "post:107", "post:108"):
        assert client.get(article(ref).get_absolute_url()).status_code == 404, ref


def test_categories_become_sections_and_tags_keep_their_letters():
    assert {(s.slug, s.name, s.description) for s in Section.objects.all()} == {
        ("world", "World", "Politics and diplomacy in Asia and beyond."),
        ("business", "Business", "Markets, trade and companies across Asia."),
    }  # "Uncategorized" only held the trashed post
    assert set(Tag.objects.values_list("name", flat=True)) == {"Defence", "台湾", "São Paulo", "Việt Nam", "World"}


def test_authors_come_from_the_channel_with_their_display_names():
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
    media_root, ref, attachment, upload, expected
):
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


def test_bodies_read_as_wordpress_showed_them_without_scripts_or_comments():
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


def test_the_page_becomes_a_site_page(client):
    page = Page.objects.get()
    assert (page.title, page.slug, page.is_published, page.position) == ("About us", "about-us", True, 3)
    assert page.import_ref == f"wordpress:{BASE}:page:2"
    assert not Article.objects.filter(headline="About us").exists()
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "correspondents in Delhi, Singapore, Taipei and Hanoi" in response.text


def test_the_imported_article_and_its_tag_pages_are_on_the_site(client):
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
