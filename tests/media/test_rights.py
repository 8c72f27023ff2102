"""Image rights: agencies' disclaimers and credits, publishing refused, third parties, and expiry on public pages."""

import datetime

import feedparser
import pytest
from defusedxml import ElementTree as ET
from django.core.exceptions import ValidationError
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Status
from media.models import Agency, Image
from media.renditions import get_rendition
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.helpers.admin_forms import change_form_data
from tests.helpers.html import absolute
from tests.helpers.html import parse as parse_head

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:media_image_changelist")
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}


@pytest.fixture
def reuters():
    return Agency.objects.create(name="Reuters", credit_required=True, may_redistribute=True)


@pytest.fixture
def getty():
    """An agency whose pictures may be shown on our pages only: not in feeds, social cards or search engines."""
    return Agency.objects.create(name="Getty Images", credit_required=True, may_redistribute=False)


# The agency and its disclaimer


def test_a_disclaimer_template_may_use_only_the_agency_placeholder():
    for template in ["Taken from {agency_name}.", "Taken from {0}.", "Taken from {agency."]:
        with pytest.raises(ValidationError) as error:
            Agency(name="AP", disclaimer_template=template).full_clean()
        assert "disclaimer_template" in error.value.message_dict
    Agency(name="AP", disclaimer_template="Photo {{AP}} from {agency}.").full_clean()


def test_the_page_shows_the_agencys_disclaimer_unless_the_image_has_its_own(client, reuters):
    from_agency = ArticleFactory(lead_image=ImageFactory(agency=reuters, disclaimer=""))
    own = ArticleFactory(
        lead_image=ImageFactory(agency=reuters, disclaimer="Handout picture, supplied by the ministry.")
    )

    assert (
        "Disclaimer: This image is taken from Reuters." in client.get(from_agency.get_absolute_url()).content.decode()
    )
    page = client.get(own.get_absolute_url()).content.decode()
    assert "Disclaimer: Handout picture, supplied by the ministry." in page
    assert "taken from Reuters" not in page


def test_an_agency_that_requires_a_credit_refuses_an_uncredited_image(reuters):
    image = ImageFactory.build(title="Harbour at dawn", agency=reuters, credit="", usage_rights="staff")

    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert error.value.message_dict["credit"] == ["A credit is required: Reuters requires one."]


# The admin's image list


def test_the_image_list_filters_rights_expiring_in_the_next_14_days_and_expired(editor_client):
    now = timezone.now()
    ImageFactory(title="Expires next week", rights_expire_at=now + datetime.timedelta(days=7))
    ImageFactory(title="Expires next month", rights_expire_at=now + datetime.timedelta(days=30))
    ImageFactory(title="Expired yesterday", rights_expire_at=now - datetime.timedelta(days=1))
    ImageFactory(title="Never expires")

    def titles(rights):
        response = editor_client.get(CHANGELIST_URL, {"rights": rights})
        return {image.title for image in response.context["cl"].result_list}

    assert titles("expiring") == {"Expires next week"}
    assert titles("expired") == {"Expired yesterday"}
    page = editor_client.get(CHANGELIST_URL).content.decode()
    assert "Rights expiring in the next 14 days" in page and "Rights expired" in page


def test_the_image_list_shows_agencies_in_the_same_number_of_queries_for_3_or_10_images(
    editor_client, django_assert_max_num_queries
):
    agencies = [Agency.objects.create(name=f"Agency {n}") for n in range(10)]
    queries = {}
    for count in (3, 10):
        for n in range(Image.objects.count(), count):
            image = ImageFactory(agency=agencies[n], credit=f"Agency {n}")
            get_rendition(image, "thumbnail-jpeg")
        with django_assert_max_num_queries(11) as captured:
            response = editor_client.get(CHANGELIST_URL)
        assert response.context["cl"].result_count == count
        assert all(f">Agency {n}</td>" in response.content.decode() for n in range(count))
        queries[count] = len(captured)

    assert queries[3] == queries[10]


def test_the_agency_admin_lists_and_searches_agencies(editor_client, reuters, getty):
    response = editor_client.get(reverse("admin:media_agency_changelist"), {"q": "getty"})

    assert [agency.name for agency in response.context["cl"].result_list] == ["Getty Images"]


# Publishing refused


@pytest.fixture
def uncredited(reuters):
    # Saved before Reuters required credits, or by an import: the rule is checked again when publishing.
    return ImageFactory(title="Harbour at dawn", agency=reuters, credit="")


@pytest.fixture
def expired():
    return ImageFactory(
        title="Harbour at dawn",
        rights_expire_at=timezone.make_aware(datetime.datetime(2025, 11, 3, 12)),
    )


def draft_with(image):
    return ArticleFactory(status=Status.DRAFT, publish_at=None, first_published_at=None, lead_image=image)


CREDIT_REFUSED = "The lead image “Harbour at dawn” needs a credit: Reuters requires one."
EXPIRED_REFUSED = "The lead image “Harbour at dawn” cannot be published: its usage rights expired on 3 Nov 2025."


def test_the_admin_refuses_to_publish_with_an_uncredited_agency_image_as_a_form_error(editor_client, uncredited):
    article = draft_with(uncredited)
    headline = article.headline

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, status=Status.PUBLISHED, headline="Changed headline"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_image"] == [CREDIT_REFUSED]
    assert CREDIT_REFUSED in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.headline) == (Status.DRAFT, headline)
    assert not Article.objects.published().exists()


def test_the_admin_refuses_to_publish_with_an_expired_image(editor_client, expired):
    article = draft_with(expired)

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, status=Status.PUBLISHED)
    )

    assert response.context["adminform"].form.errors["lead_image"] == [EXPIRED_REFUSED]
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_the_admins_publish_action_refuses_and_names_the_image(editor_client, uncredited):
    article = draft_with(uncredited)

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
        follow=True,
    )

    assert CREDIT_REFUSED in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_article_publish_refuses_and_saves_nothing(editor, uncredited):
    article = draft_with(uncredited)
    article.headline = "Changed headline"

    with pytest.raises(ValidationError) as error:
        services.article_publish(article=article, by=editor)

    assert error.value.message_dict["lead_image"] == [CREDIT_REFUSED]
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Status.DRAFT and stored.headline != "Changed headline"


def test_scheduling_past_the_rights_expiry_is_refused(editor):
    image = ImageFactory(title="Harbour at dawn", rights_expire_at=timezone.now() + datetime.timedelta(days=1))
    article = draft_with(image)

    with pytest.raises(ValidationError) as error:
        services.article_schedule(article=article, by=editor, publish_at=timezone.now() + datetime.timedelta(days=2))

    assert "its usage rights expire on" in error.value.message_dict["lead_image"][0]
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    # Before the expiry it may go out.
    services.article_schedule(article=article, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))


def test_a_credited_current_image_publishes(editor, reuters):
    article = draft_with(ImageFactory(agency=reuters, credit="Reuters"))

    services.article_publish(article=article, by=editor)

    assert Article.objects.published().filter(pk=article.pk).exists()


# Third parties: feeds, social cards, JSON-LD, the image sitemap


@pytest.fixture(params=["redistributable", "not-redistributable", "expired"])
def case(request, reuters, getty):
    """An article whose lead image may go to third parties, or may not: its licence, or its rights expired."""
    image = {
        "redistributable": lambda: ImageFactory(agency=reuters, credit="Reuters"),
        "not-redistributable": lambda: ImageFactory(agency=getty, credit="Getty Images"),
        "expired": lambda: ImageFactory(
            agency=reuters, credit="Reuters", rights_expire_at=timezone.now() - datetime.timedelta(minutes=1)
        ),
    }[request.param]()
    article = ArticleFactory(lead_image=image, section=SectionFactory(slug="asia", name="Asia"))
    return request.param, article


def test_the_feeds_carry_the_lead_picture_only_when_it_may_be_redistributed(client, case):
    name, article = case
    rendition_url = absolute(get_rendition(article.lead_image, "w800-jpeg").url)

    for url in (reverse("articles:feed_rss"), reverse("articles:feed_atom")):
        [entry] = feedparser.parse(client.get(url).content).entries
        if name == "redistributable":
            assert [enclosure.href for enclosure in entry.enclosures] == [rendition_url]
            assert entry.media_content[0]["url"] == rendition_url
            assert entry.media_credit == [{"content": "Reuters"}]
        else:
            assert entry.enclosures == []
            assert "media_content" not in entry and "media_credit" not in entry
            assert "/uploads/" not in client.get(url).content.decode()


def test_opengraph_twitter_and_json_ld_carry_the_picture_only_when_it_may_be_redistributed(client, case):
    name, article = case
    head = parse_head(client, article)
    news_article = head.graph_node("NewsArticle")

    if name == "redistributable":
        social = get_rendition(article.lead_image, "social-jpeg")
        assert head.one("og:image") == head.one("twitter:image") == absolute(social.url)
        assert news_article["image"][0] == absolute(social.url)
    else:
        # Shares still get a card, our own; search engines get no image.
        assert head.one("og:image") == head.one("twitter:image") == absolute(static("img/og-default.png"))
        assert "image" not in news_article


def test_the_article_sitemap_lists_the_lead_picture_only_when_it_may_be_redistributed(client, case):
    name, article = case
    large = get_rendition(article.lead_image, "w1600-jpeg")

    root = ET.fromstring(client.get(reverse("sitemap_section", kwargs={"section": "articles"})).content)
    [url] = root.findall("sm:url", SITEMAP_NS)
    assert url.findtext("sm:loc", namespaces=SITEMAP_NS) == absolute(article.get_absolute_url())
    pictures = [loc.text for loc in url.iterfind("image:image/image:loc", SITEMAP_NS)]
    assert pictures == ([absolute(large.url)] if name == "redistributable" else [])


def test_the_article_sitemap_costs_the_same_queries_for_3_or_10_articles(client, reuters, uncached_pages):
    url = reverse("sitemap_section", kwargs={"section": "articles"})
    queries = {}
    for count in (3, 10):
        for _ in range(Article.objects.count(), count):
            get_rendition(ArticleFactory(lead_image=ImageFactory(agency=reuters)).lead_image, "w1600-jpeg")
        with CaptureQueriesContext(connection) as captured:
            root = ET.fromstring(client.get(url).content)
        assert len(root.findall("sm:url/image:image", SITEMAP_NS)) == count
        queries[count] = len(captured)

    assert queries[3] == queries[10]


# Expiry on public pages, at once


def test_an_image_whose_rights_expire_is_replaced_by_a_placeholder_on_the_cached_page_at_once(
    client, reuters, time_machine
):
    image = ImageFactory(
        agency=reuters,
        credit="Reuters",
        caption="Boats leave the harbour at dawn.",
        alt_text="Fishing boats leaving a harbour",
        rights_expire_at=timezone.now() + datetime.timedelta(days=1),
    )
    article = ArticleFactory(lead_image=image)
    listing_url = reverse("articles:home")

    before = client.get(article.get_absolute_url()).content.decode()
    home_before = client.get(listing_url).content.decode()
    assert 'alt="Fishing boats leaving a harbour"' in before and "Photo: Reuters" in before
    assert "Disclaimer: This image is taken from Reuters." in before
    assert 'alt="Fishing boats leaving a harbour"' in home_before
    # Cached: a second request is the same page (a change the cache does not see would not show).
    assert client.get(article.get_absolute_url()).content.decode() == before

    # The rights run out, without any save that would announce a change.
    time_machine.move_to(image.rights_expire_at + datetime.timedelta(seconds=1))

    after = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{static("img/picture-unavailable.png")}"' in after
    assert 'alt="Picture unavailable"' in after
    for gone in [
        "Fishing boats leaving a harbour",
        "Photo: Reuters",
        "Boats leave the harbour at dawn.",
        "Disclaimer:",
    ]:
        assert gone not in after
    assert "/uploads/" not in after  # no rendition of the old picture, not even in the social card
    home_after = client.get(listing_url).content.decode()
    assert 'alt="Picture unavailable"' in home_after and "Fishing boats leaving a harbour" not in home_after
