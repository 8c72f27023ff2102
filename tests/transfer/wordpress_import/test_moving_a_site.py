"""Moving a real WordPress site here: fixtures/wordpress-move.xml ("Aegean Courier") through `import_articles`,
as an operator would run it, with --default-section for the posts WordPress left uncategorised.

What the reader makes of each item is in tests/transfer/test_wordpress_move_reader.py. The export is imported
once for the module, whose tests only read what it made.
"""

from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Page, Section
from authors.models import Author
from media.models import Image
from redirects.models import Redirect
from tests.factories import SectionFactory
from tests.helpers.nu_checker import html_errors
from tests.helpers.wordpress import import_wxr
from tests.transfer.conftest import run
from tests.transfer.wxr_factory import MOVE_FIXTURE, MOVE_IMAGES, make_uploads
from transfer.readers.wordpress import read_wordpress
from transfer.records import ArticleRecord, PageRecord

BASE = "https://aegeancourier.example"
PUBLISHED = ["post:301", "post:302", "post:303", "post:304", "post:305", "guid", "post:308"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("moved")]


@pytest.fixture(scope="module")
def moved(django_db_setup, django_db_blocker, tmp_path_factory):
    """The export imported into a site that has a General section, once for the module: the command's result.

    In a transaction rolled back after the module's tests, which each run in a savepoint within it.
    """
    uploads, stored = tmp_path_factory.mktemp("wp-uploads"), tmp_path_factory.mktemp("uploads")
    make_uploads(uploads, MOVE_IMAGES)
    # The time zone the tests run in (conftest.site_time_zone), which a draft's local date is read in.
    zone = override_settings(MEDIA_ROOT=stored, TIME_ZONE="Asia/Kolkata")
    with zone, django_db_blocker.unblock(), transaction.atomic():
        SectionFactory(name="General", slug="general")
        result = import_wxr(uploads, "--default-section", "general", path=MOVE_FIXTURE)
        yield SimpleNamespace(result=result, uploads=uploads, media_root=stored)
        transaction.set_rollback(True)


@pytest.fixture
def media_root(settings, moved):
    settings.MEDIA_ROOT = moved.media_root
    return moved.media_root


def article(ref):
    if ref == "guid":
        return Article.objects.get(import_ref__startswith=f"wordpress:{BASE}:guid:")
    return Article.objects.get(import_ref=f"wordpress:{BASE}:{ref}")


class BodyFigures(HTMLParser):
    """The body figures of an article page as a reader sees them: (alt text, caption, credit) of each."""

    def __init__(self):
        super().__init__()
        self.figures, self._in = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "body-figure" in (attrs.get("class") or ""):
            self.figures.append({"alt": None, "caption": "", "credit": ""})
        elif self.figures and tag == "img" and self.figures[-1]["alt"] is None:
            self.figures[-1]["alt"] = attrs.get("alt")
        elif self.figures and tag == "span" and attrs.get("class") in ("caption", "credit"):
            self._in = attrs["class"]

    def handle_endtag(self, tag):
        if tag == "span":
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.figures[-1][self._in] += data

    @classmethod
    def of(cls, client, ref):
        response = client.get(article(ref).get_absolute_url())
        assert response.status_code == 200
        parser = cls()
        parser.feed(response.text)
        return [(f["alt"], " ".join(f["caption"].split()), f["credit"].strip()) for f in parser.figures]


def test_the_summary_counts_each_kind_of_warning_once(moved):
    result = moved.result
    assert result.ok, result.output
    assert result.stdout.splitlines() == [
        "11 warnings (-v 2 lists each with its item): 3 × slug changed to the letters addresses hold, "
        "2 × image has no alt text, 2 × author known only by login (dc:creator), "
        "1 × picture from outside the export left out, 1 × picture file missing, "
        "1 × untitled, given a headline from its text, 1 × identified by its guid (no wp:post_id).",
        "Imported: 9 created, 0 updated, 0 unchanged, 0 failed.",
    ]
    assert result.stderr == ""


ELENI, WEI, REUTERS = (
    "Photo: Eleni Papadaki/Aegean Courier",
    "Photo: Wei Chen/Aegean Courier",
    "Photo: Reuters/Alkis Konstantinidis",
)
EXPECTED_FIGURES = {
    "post:301": [
        ("Η νέα αποβάθρα από ψηλά", "The new quay, seen from the harbour master’s tower.", ELENI),
        ("Passengers on the ferry’s deck", "On deck, leaving Piraeus.", ELENI),
        ("The bow of a blue and white ferry", "The bow of the Blue Star Delos.", ELENI),
    ],
    "post:302": [
        ("Fishing boats in Ammoudi bay", "Fishing boats in Ammoudi bay, below Oia.", REUTERS),
        ("A white lighthouse on a cliff at sunset", "The lighthouse at Akrotiri.", WEI),
        # No alt text in WordPress: the library image's, made of its caption (and warned about).
        ("Fishing boats in Ammoudi bay.", "Fishing boats in Ammoudi bay.", REUTERS),
        ("Fruit stalls under awnings", "Stalls of the 1866 Street market.", WEI),
    ],
    "post:303": [("Chania's Venetian harbour", "Chania’s Venetian harbour, June 2008.", "")],  # storm-damage: missing
    "post:305": [
        ("Dawn over the harbour", "Dawn over Piraeus harbour, where the new quay now stands.", ELENI),
        ("Fruit stalls under awnings", "Stalls of the 1866 Street market.", WEI),
        ("A white lighthouse on a cliff at sunset", "The lighthouse at Akrotiri.", WEI),
    ],
}


@pytest.mark.parametrize("ref", EXPECTED_FIGURES)
def test_every_picture_of_a_post_is_a_library_figure_with_its_alt_text_caption_and_credit(client, media_root, ref):
    assert BodyFigures.of(client, ref) == EXPECTED_FIGURES[ref]


def test_each_attachment_is_one_library_image_however_many_posts_show_it(media_root):
    attachments = {image.import_ref.rpartition(":")[2] for image in Image.objects.all()}
    assert attachments == {"201", "202", "203", "204", "206", "207", "208", "330"}  # 205's file is missing
    assert Image.objects.count() == len(attachments)
    harbour = Image.objects.get(import_ref=f"wordpress:{BASE}:attachment:201")
    assert article("post:301").lead_image == harbour  # the featured image of one post ...
    assert harbour in article("post:305").body_images().values()  # ... is the picture in another's body
    lighthouse = Image.objects.get(import_ref=f"wordpress:{BASE}:attachment:206")
    assert (lighthouse.width, lighthouse.height) == MOVE_IMAGES["2024/06/lighthouse-scaled.jpg"]
    old_town = Image.objects.get(import_ref=f"wordpress:{BASE}:attachment:204")
    assert old_town.source_url == "https://aegeancourier.files.wordpress.com/2008/06/old-town.jpg"


def test_a_post_whose_picture_file_is_missing_lands_without_it_and_the_file_is_named(moved, media_root):
    again = import_wxr(moved.uploads, "--default-section", "general", "-v", "2", path=MOVE_FIXTURE)

    missing = (moved.uploads / "2024/05/storm-damage.jpg").resolve()
    assert (
        f"wordpress-move.xml item 13 (post 303): warning: picture file missing: {missing} (“Storm damage”); the "
        "body goes without it."
    ) in again.stdout
    chania = article("post:303")
    assert "Last winter's storm broke" in chania.body
    assert "The harbour wall after the storm." not in chania.body


def test_audio_video_and_embeds_are_links_to_their_media():
    body = article("post:301").body
    assert '<a href="https://www.youtube.com/watch?v=pIraeusQuay1" rel="noopener noreferrer">Drone footage' in body
    assert '<a href="https://aegeancourier.example/wp-content/uploads/2024/06/first-crossing.mp4"' in body
    assert '<a href="https://vimeo.com/123456789"' in article("post:302").body
    assert '<a href="https://www.youtube.com/embed/sAntorini9?feature=oembed"' in article("post:302").body


def test_uncategorised_posts_go_to_the_default_section():
    general = Section.objects.get(slug="general")
    assert article("post:305").section == general  # WordPress's Uncategorized
    assert article("post:308").section == general  # no category at all
    assert not Section.objects.filter(slug="uncategorized").exists()
    assert article("post:301").section.slug == "news"


def test_an_untitled_post_has_a_headline_and_address_from_its_first_words():
    post = article("post:304")
    assert post.headline == "Ferry strike called off: unions and the ministry reached an…"
    assert post.slug.startswith("ferry-strike-called-off")


def test_greek_and_chinese_slugs_become_addresses_readable_in_ascii():
    for ref in ("post:301", "post:302"):
        slug = article(ref).slug
        assert slug.isascii() and len(slug) > 20 and not slug.isdigit(), slug
    page = Page.objects.get()
    assert page.slug.isascii() and page.title == "Σχετικά με εμάς"


def test_a_post_without_a_post_id_and_an_author_known_only_by_login_land():
    sponge_divers = article("guid")
    assert sponge_divers.headline == "The last sponge divers of Kalymnos"
    kostas = Author.objects.get(import_ref=f"wordpress:{BASE}:author:kostas")
    assert kostas.name == "kostas"
    assert list(article("post:308").byline_authors) == [kostas]


@pytest.mark.slow
def test_each_imported_article_page_and_listing_is_valid_html(media_root, tmp_path):
    client = Client()
    pages = {ref: article(ref).get_absolute_url() for ref in PUBLISHED}
    pages |= {f"section {slug}": reverse("articles:section", args=[slug]) for slug in ("news", "culture", "general")}
    pages |= {
        "home": "/",
        "tag Πειραιάς": reverse("articles:tag", args=[Tag.objects.get(name="Πειραιάς").slug]),
        "static page": Page.objects.get().get_absolute_url(),
    }
    files = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        files[name] = tmp_path / f"{len(files)}.html"
        files[name].write_bytes(response.content)
    assert 'class="body-figure"' in files["post:301"].read_text()

    assert html_errors(files) == {}


def old_links():
    """{old link: the import_ref of the item it named}, as the export gives them."""
    return {
        address: record.import_ref
        for record in read_wordpress(MOVE_FIXTURE)
        if isinstance(record, ArticleRecord | PageRecord)
        for address in record.old_addresses
    }


def address_here(ref):
    return (Page if ":page:" in ref else Article).objects.get(import_ref=ref).get_absolute_url()


def test_every_old_link_of_the_site_redirects_to_its_article_or_page(client):
    links = old_links()
    assert f"{BASE}/?p=301" in links and f"{BASE}/?page_id=320" in links
    assert f"{BASE}/2024/06/12/new-quay-piraeus/" in links  # an old slug (_wp_old_slug)
    assert not any(ref.endswith(":post:307") for ref in links.values())  # the draft had no public address
    for link, ref in links.items():
        path = link.removeprefix(BASE)
        response = client.get(path)
        if unquote(path) == unquote(address_here(ref)):  # the same address on both sites
            assert response.status_code == 200, link
            continue
        assert response.status_code == 301, f"{link} answered {response.status_code}"
        assert response["Location"] == address_here(ref), link
        assert client.get(response["Location"]).status_code == 200, link


def test_check_urls_finds_every_old_link_leading_somewhere(tmp_path):
    listing = tmp_path / "old-links.txt"
    listing.write_text("\n".join(old_links()) + "\n")

    result = run("check_urls", listing)

    assert result.ok, result.output
    links = old_links()
    same = [link for link, ref in links.items() if unquote(link.removeprefix(BASE)) == unquote(address_here(ref))]
    summary = f"{len(links)} addresses: {len(same)} fine, {len(links) - len(same)} redirected."
    assert result.stdout.splitlines()[-1] == summary


def test_importing_the_export_again_changes_nothing(moved, media_root):
    before = (
        list(Redirect.objects.order_by("old_path").values_list("old_path", "new_path", "status")),
        Image.objects.count(),
        list(Article.objects.order_by("pk").values_list("pk", "slug", "body", "version")),
    )

    again = import_wxr(moved.uploads, "--default-section", "general", path=MOVE_FIXTURE)

    assert again.ok, again.output
    assert again.stdout.splitlines() == ["Imported: 0 created, 0 updated, 9 unchanged, 0 failed."]
    assert before == (
        list(Redirect.objects.order_by("old_path").values_list("old_path", "new_path", "status")),
        Image.objects.count(),
        list(Article.objects.order_by("pk").values_list("pk", "slug", "body", "version")),
    )
