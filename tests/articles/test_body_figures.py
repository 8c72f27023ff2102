"""Pictures in an article's body: only from the image library, drawn with their credit, disclaimer and rights,
refused at publication like the lead image, and carried through export and import."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles import services
from articles.html import sanitize_article_body
from articles.models import Article, Status
from media.models import Agency, Image
from media.renditions import get_rendition
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory
from tests.helpers.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

PICKER_URL = reverse("admin:media_image_picker")


def figure(image, caption="", alt="Fishing boats at dawn", src="/media/whatever.jpg"):
    """A figure as the article editor writes it after "Browse…" in its figure dialog."""
    caption_html = f'<figcaption class="figure-caption">{caption}</figcaption>' if caption else ""
    return f'<figure class="figure"><img src="{src}" alt="{alt}" data-file="{image.pk}">{caption_html}</figure>'


@pytest.fixture
def reuters():
    return Agency.objects.create(name="Reuters", credit_required=True)


@pytest.fixture
def harbour(media_root, reuters):
    return ImageFactory(title="Harbour at dawn", agency=reuters, credit="Reuters", disclaimer="")


# What the allow-list keeps


@pytest.mark.parametrize(
    "img",
    [
        '<img src="https://elsewhere.example/x.jpg" alt="x">',  # not from the library
        '<img src="/media/x.jpg" data-file="7 onerror=alert(1)">',
        '<img src="/media/x.jpg" data-file="-7">',
        '<img src="/media/x.jpg" data-file="">',
    ],
)
def test_a_picture_that_names_no_library_image_is_dropped(img):
    assert "<img" not in sanitize_article_body(f"<p>Before.</p><figure>{img}</figure><p>After.</p>")


def test_a_library_picture_keeps_only_its_source_alt_text_and_id():
    body = sanitize_article_body(
        '<figure class="x" style="color:red"><img src="javascript:alert(1)" alt="Boats" data-file="12" '
        'onerror="alert(1)" width="9"><figcaption onclick="x()">Boats <script>alert(1)</script></figcaption></figure>'
    )

    assert body == '<figure><img alt="Boats" data-file="12"><figcaption>Boats </figcaption></figure>'


# What readers see


def test_the_article_page_draws_the_library_picture_with_its_credit_and_agency_disclaimer(client, harbour):
    article = ArticleFactory(body=f"<p>First.</p>{figure(harbour, 'Boats leave Keelung <em>at five</em>.')}")

    page = client.get(article.get_absolute_url()).content.decode()

    body = page[page.index('<div class="article__body">') :]
    assert get_rendition(harbour, "w800-webp").url in body and get_rendition(harbour, "w800-jpeg").url in body
    assert '<span class="caption">Boats leave Keelung <em>at five</em>.</span>' in body
    assert '<span class="credit">Photo: Reuters</span>' in body
    assert '<span class="disclaimer">Disclaimer: This image is taken from Reuters.</span>' in body
    assert 'alt="Fishing boats at dawn"' in body  # the editor's words for this use of the picture
    assert "/media/whatever.jpg" not in page  # never the stored address


def test_alt_text_left_empty_in_the_editor_is_the_images_own(client, harbour):
    article = ArticleFactory(body=figure(harbour, alt=""))

    assert f'alt="{harbour.alt_text}"' in client.get(article.get_absolute_url()).content.decode()


def test_hostile_alt_text_stays_an_attribute(client, harbour):
    article = ArticleFactory(body=figure(harbour, alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in page
    assert f'alt="{escape(chr(34) + "><script>alert(1)</script>")}"' in page


def test_a_picture_whose_rights_expire_gives_way_to_the_placeholder_on_the_cached_page_at_once(
    client, settings, harbour
):
    settings.PAGE_CACHE_CHECK_SECONDS = 0  # each request polls the schedule; the production default is 2 s
    article = ArticleFactory(body=figure(harbour, "Boats leave Keelung."))
    assert "Photo: Reuters" in client.get(article.get_absolute_url()).content.decode()

    # The rights run out, without any save that would announce a change.
    Image.objects.filter(pk=harbour.pk).update(rights_expire_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(article.get_absolute_url()).content.decode()

    assert static("img/picture-unavailable.png") in page
    assert get_rendition(harbour, "w800-jpeg").url not in page
    assert "Photo: Reuters" not in page and "Boats leave Keelung." not in page


def test_a_picture_in_a_body_cannot_be_deleted_from_the_library(editor_client, harbour):
    article = ArticleFactory(body=figure(harbour))
    delete_url = reverse("admin:media_image_delete", args=[harbour.pk])

    page = editor_client.get(delete_url).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert escape(str(article.body_image_uses.get())) in page
    editor_client.post(delete_url, {"post": "yes"})
    assert Image.objects.filter(pk=harbour.pk).exists()

    article.body = "<p>No picture now.</p>"
    article.save()
    editor_client.post(delete_url, {"post": "yes"})
    assert not Image.objects.filter(pk=harbour.pk).exists()


def test_the_record_of_pictures_in_a_body_follows_every_save_and_costs_nothing_while_they_stay(harbour):
    other = ImageFactory(title="Night market")
    article = ArticleFactory(body=figure(harbour))
    assert list(article.body_image_uses.values_list("image_id", flat=True)) == [harbour.pk]

    def queries_to_add_a_paragraph(article):
        article = Article.objects.get(pk=article.pk)
        article.body += "<p>One more paragraph.</p>"
        with CaptureQueriesContext(connection) as captured:
            article.save()
        return len(captured)

    # The pictures are the same: as cheap as saving an article without any.
    assert queries_to_add_a_paragraph(article) == queries_to_add_a_paragraph(ArticleFactory())

    article.body = figure(other) + figure(other)
    article.save()
    assert list(article.body_image_uses.values_list("image_id", flat=True)) == [other.pk]


def test_a_body_naming_a_picture_the_library_does_not_have_shows_the_rest(client, harbour):
    article = ArticleFactory(
        body=f'<p>First.</p><figure><img alt="" data-file="{harbour.pk + 1000}"></figure><p>Last.</p>'
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<p>First.</p>" in body and "<p>Last.</p>" in body and "body-figure" not in body
    assert not article.body_image_uses.exists()


def test_pictures_in_the_body_cost_one_query_however_many_there_are(client, media_root, reuters, uncached_pages):
    pictures = [ImageFactory(agency=reuters) for _ in range(3)]
    articles = {
        0: ArticleFactory(),
        1: ArticleFactory(body=figure(pictures[0])),
        3: ArticleFactory(body="".join(figure(picture) for picture in pictures)),
    }
    queries = {}
    for count, article in articles.items():
        client.get(article.get_absolute_url())  # renditions made once, as the first reader would
        with CaptureQueriesContext(connection) as captured:
            page = client.get(article.get_absolute_url()).content.decode()
        assert page.count('class="body-figure"') == count
        queries[count] = len(captured)

    assert queries[1] == queries[3] == queries[0] + 1  # the images with their agencies and their renditions' files


# The admin: only library pictures


def test_the_admin_refuses_a_picture_from_elsewhere_and_keeps_the_article(editor_client, media_root):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)
    before = article.body
    pasted = '<p>Text.</p><figure><img src="https://elsewhere.example/boats.jpg" alt="Boats"></figure>'

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, body=pasted)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert errors == [
        "Pictures in the body come from the image library: choose one with “Browse…” in the figure dialog "
        "(upload it under Images first). Remove or replace the picture at https://elsewhere.example/boats.jpg."
    ]
    assert Article.objects.get(pk=article.pk).body == before


def test_the_admin_saves_a_library_picture_pointing_at_its_current_rendition(editor_client, harbour):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None)

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, body=f"<p>Text.</p>{figure(harbour, 'Boats.', src='/stale/address.jpg')}"),
    )

    assert response.status_code == 302
    url = get_rendition(harbour, "w800-jpeg").url
    assert Article.objects.get(pk=article.pk).body == (
        f'<p>Text.</p><figure><img src="{url}" alt="Fishing boats at dawn" data-file="{harbour.pk}">'
        "<figcaption>Boats.</figcaption></figure>"
    )


# Publishing refused, as for the lead image


@pytest.fixture
def uncredited(media_root, reuters):
    return ImageFactory(title="Market stalls", agency=reuters, credit="")


UNCREDITED = "The picture “Market stalls” in the body needs a credit: Reuters requires one."


def test_the_admin_refuses_to_publish_with_an_uncredited_picture_in_the_body(editor_client, uncredited):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None, body=figure(uncredited))

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, status=Status.PUBLISHED)
    )

    assert response.context["adminform"].form.errors["body"] == [UNCREDITED]
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_publishing_refuses_a_body_picture_whose_rights_expire_before_the_scheduled_time(editor, harbour):
    Image.objects.filter(pk=harbour.pk).update(rights_expire_at=timezone.now() + datetime.timedelta(days=1))
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None, body=figure(harbour))

    with pytest.raises(ValidationError) as error:
        services.article_schedule(
            article=Article.objects.get(pk=article.pk),
            by=editor,
            publish_at=timezone.now() + datetime.timedelta(days=3),
        )

    [message] = error.value.message_dict["body"]
    assert message.startswith("The picture “Harbour at dawn” in the body cannot be published then")
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_published_article_may_fix_a_typo_but_not_add_an_uncredited_picture(editor, harbour, uncredited):
    article = ArticleFactory(body=f"<p>Teh text.</p>{figure(uncredited)}")  # published before the rule

    article.body = article.body.replace("Teh", "The")
    services.article_save(article=article, by=editor, base_version=article.version)

    article.body += figure(harbour)
    services.article_save(article=article, by=editor, base_version=article.version)  # a credited one is fine

    article.body = f"<p>The text.</p>{figure(harbour)}"
    other = ImageFactory(title="Night market", agency=harbour.agency, credit="")
    article.body += figure(other)
    with pytest.raises(ValidationError) as error:
        services.article_save(article=article, by=editor, base_version=article.version)
    assert error.value.message_dict["body"] == [
        "The picture “Night market” in the body needs a credit: Reuters requires one."
    ]
    assert f'data-file="{other.pk}"' not in Article.objects.get(pk=article.pk).body


# The picker the editor's "Browse…" opens


def test_the_picker_lists_pictures_an_editor_can_choose_and_says_which_cannot_be_used(editor_client, harbour):
    ImageFactory(title="Old protest", rights_expire_at=timezone.now() - datetime.timedelta(days=1))

    response = editor_client.get(PICKER_URL, {"CKEditorFuncNum": "-1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-id="{harbour.pk}" data-url="{get_rendition(harbour, "w800-jpeg").url}"' in page
    assert f'data-alt="{harbour.alt_text}"' in page
    assert page.count("image-picker__choose") == 1  # the expired one has no button
    assert "disabled>Choose" in page  # until the picker's script has found the editor that opened it
    assert "Old protest" in page and "Its usage rights have expired: it cannot be used." in page
    assert 'data-func-num="-1"' in page


def test_the_picker_searches_titles_captions_and_credits(editor_client, harbour):
    ImageFactory(title="Rice fields", credit="Staff")

    page = editor_client.get(PICKER_URL, {"q": "harbour"}).content.decode()

    assert "Harbour at dawn" in page and "Rice fields" not in page
    assert "No pictures match “nothing here”" in editor_client.get(PICKER_URL, {"q": "nothing here"}).content.decode()


@pytest.mark.parametrize("page", ["-1", "99999", "x" * 500])
def test_the_picker_survives_any_page_number(editor_client, harbour, page):
    assert editor_client.get(PICKER_URL, {"page": page}).status_code == 200


def test_the_picker_is_for_staff_who_may_see_images(client, harbour):
    assert client.get(PICKER_URL).status_code == 302  # to the login page
    client.force_login(UserFactory(username="web", is_staff=True))  # staff, but no permission on images
    assert client.get(PICKER_URL).status_code == 403


# Export and import


def test_export_and_import_keep_body_pictures(media_root, tmp_path, harbour):
    article = ArticleFactory(body=f"<p>First.</p>{figure(harbour, 'Boats.')}")
    call_command("export_articles", "--output", str(tmp_path / "export"), stdout=StringIO())
    [line] = (tmp_path / "export" / "articles.jsonl").read_text().splitlines()
    exported = json.loads(line)
    # Numbered after its list of images: ids and rendition files mean nothing in another database.
    assert exported["body"] == (
        '<p>First.</p><figure><img alt="Fishing boats at dawn" data-file="1"><figcaption>Boats.</figcaption></figure>'
    )
    assert [image["title"] for image in exported["body_images"]] == ["Harbour at dawn"]

    Article.objects.all().delete()
    Image.objects.all().delete()
    call_command("import_articles", str(tmp_path / "export" / "articles.jsonl"), stdout=StringIO())

    imported = Article.objects.get(slug=article.slug)
    [image] = Image.objects.all()
    assert (image.title, image.credit) == ("Harbour at dawn", "Reuters")
    assert imported.body == (
        f'<p>First.</p><figure><img src="{get_rendition(image, "w800-jpeg").url}" alt="Fishing boats at dawn" '
        f'data-file="{image.pk}"><figcaption>Boats.</figcaption></figure>'
    )


def test_an_import_whose_body_names_a_picture_it_does_not_give_warns_and_keeps_the_text(media_root, tmp_path):
    SectionFactory(slug="world", name="World")
    item = {
        "import_ref": "wire:1",
        "headline": "Harbour reopens",
        "section": "world",
        "body": '<p>Text.</p><figure><img alt="Boats" data-file="2"><figcaption>Boats.</figcaption></figure>',
        "body_images": [],
    }
    (tmp_path / "wire.jsonl").write_text(json.dumps(item) + "\n")
    out = StringIO()

    call_command("import_articles", str(tmp_path / "wire.jsonl"), verbosity=2, stdout=out, stderr=out)

    assert "the body names picture 2, which the item's body_images does not give: left out." in out.getvalue()
    assert Article.objects.get(import_ref="wire:1").body == "<p>Text.</p>"  # no orphaned caption either
