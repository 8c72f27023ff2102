"""/api/v1/: what a partner or an app gets of an article, a section, and of bad requests."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from api.sync import SETTLE
from articles import services
from articles.models import Article, Status
from media.models import Agency
from tests.factories import UNPUBLISHED_STATES, ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.helpers.renditions import BLUE, encode, save_image

pytestmark = pytest.mark.django_db

LATER = SETTLE + datetime.timedelta(seconds=1)


@pytest.fixture
def story():
    article = ArticleFactory(
        headline="Typhoon nears Taiwan", section=SectionFactory(slug="asia", name="Asia"),
        authors=[AuthorFactory(name="Nikhil Chauhan", slug="nikhil-chauhan")],
        lead_image=save_image(encode(PILImage.new("RGB", (1600, 900), BLUE))),
    )  # fmt: skip
    article.tags.add("Taiwan")
    return article


def test_an_article_is_given_with_its_byline_section_tags_and_lead_picture_at_absolute_addresses(client, story):
    answer = client.get(f"/api/v1/articles/{story.pk}/")
    assert answer.status_code == 200
    item = answer.json()
    assert item["kind"] == "article"
    assert item["headline"] == "Typhoon nears Taiwan"
    assert item["url"] == f"http://testserver{story.get_absolute_url()}"
    assert item["section"] == {"slug": "asia", "name": "Asia", "url": "http://testserver/section/asia/"}
    assert item["tags"] == [{"slug": "taiwan", "name": "Taiwan", "url": "http://testserver/tag/taiwan/"}]
    assert item["bylines"] == [
        {"name": "Nikhil Chauhan", "slug": "nikhil-chauhan", "role": "reporter",
         "url": "http://testserver/authors/nikhil-chauhan/"},
    ]  # fmt: skip
    picture = item["lead_image"]
    assert (picture["credit"], picture["alt_text"]) == ("Staff photographer", "A test picture")
    assert {(rendition["width"], rendition["format"]) for rendition in picture["renditions"]} >= {
        (800, "jpeg"), (1600, "webp"),
    }  # fmt: skip
    for rendition in picture["renditions"]:
        assert rendition["url"].startswith("http://testserver/uploads/")
        assert client.get(rendition["url"].removeprefix("http://testserver")).status_code == 200
    assert item["body_html"] is None, "full text without a key"


@pytest.mark.parametrize(
    ("licence", "reason"),
    [
        ({"agency": "forbids"}, "The picture's agency does not allow redistribution."),
        ({"rights_expire_at": "past"}, "The picture's usage rights have expired."),
    ],
)
def test_a_picture_its_licence_keeps_from_partners_is_left_out_with_the_reason(client, story, licence, reason):
    image = story.lead_image
    if "agency" in licence:
        image.agency = Agency.objects.create(name="Closed Wire", may_redistribute=False, credit_required=False)
    else:
        image.rights_expire_at = timezone.now() - datetime.timedelta(days=1)
    image.save()
    item = client.get(f"/api/v1/articles/{story.pk}/").json()
    assert item["lead_image"] is None
    assert item["lead_image_withheld"] == reason


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_an_article_readers_never_saw_is_404_with_nothing_of_it(client, state):
    hidden = ArticleFactory(headline="Secretmarker", first_published_at=None, **UNPUBLISHED_STATES[state])
    answer = client.get(f"/api/v1/articles/{hidden.pk}/")
    assert answer.status_code == 404
    assert "Secretmarker" not in answer.text


def test_an_article_taken_down_answers_410_with_a_tombstone(client, editor, story):
    services.article_unpublish(article=story, by=editor)
    answer = client.get(f"/api/v1/articles/{story.pk}/")
    assert answer.status_code == 410
    assert answer.json() == {"kind": "tombstone", "id": story.pk, "changed_at": answer.json()["changed_at"],
                             "reason": "unpublished"}  # fmt: skip
    assert "Typhoon" not in answer.text

    Article.objects.get(pk=story.pk).delete()
    assert client.get(f"/api/v1/articles/{story.pk}/").json()["reason"] == "deleted"


def test_an_expired_article_is_a_tombstone_saying_so(client, story, clock):
    story.expire_at = timezone.now() + datetime.timedelta(minutes=1)
    story.save()
    clock.move_to(story.expire_at + datetime.timedelta(seconds=1))
    answer = client.get(f"/api/v1/articles/{story.pk}/")
    assert (answer.status_code, answer.json()["reason"]) == (410, "expired")


def test_the_list_gives_published_articles_and_nothing_of_the_others(client, story, clock):
    for state in UNPUBLISHED_STATES.values():
        ArticleFactory(headline="Secretmarker", first_published_at=None, **state)
    clock.shift(LATER)
    answer = client.get("/api/v1/articles/")
    assert [item["headline"] for item in answer.json()["items"]] == ["Typhoon nears Taiwan"]
    assert "Secretmarker" not in answer.text


@pytest.mark.parametrize(
    "query",
    ["cursor=not-a-cursor", "cursor=MjAyNnwx", "limit=0", "limit=101", "limit=many", "updated_since=yesterday",
     "updated_since=2026-12-06T10:00:00", "updated_since=2026-12-06T10:00:00Z&cursor=x",
     "updated_since=0001-01-01T00:00:00%2B14:00", "updated_since=9999-12-31T23:59:59-14:00",
     "cursor=OTk5OS0xMi0zMVQyMzo1OTo1OSswMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"],
)  # fmt: skip
def test_a_bad_parameter_gets_a_clear_error_never_a_server_error(client, query):
    answer = client.get(f"/api/v1/articles/?{query}")
    assert answer.status_code in (400, 422), answer.status_code
    assert answer.json()["detail"]


def test_an_id_past_what_the_database_holds_is_404(client):
    assert client.get("/api/v1/articles/99999999999999999999/").status_code == 404


def test_updated_since_gives_only_what_changed_after_it(client, editor, story, clock):
    other = ArticleFactory(headline="Older story")
    clock.shift(datetime.timedelta(minutes=1))
    since = timezone.now().isoformat()
    story.headline = "Typhoon makes landfall"
    services.article_save(article=story, by=editor)
    clock.shift(LATER)
    items = client.get("/api/v1/articles/", {"updated_since": since}).json()["items"]
    assert [item["headline"] for item in items] == ["Typhoon makes landfall"]
    assert other.pk not in [item["id"] for item in items]


def test_a_page_of_the_list_costs_the_same_queries_however_many_articles_it_holds(
    client, django_assert_num_queries, clock, uncached_pages
):
    section = SectionFactory()
    for size in (5, 40):
        ArticleFactory.create_batch(size, section=section, lead_image=ImageFactory())
        taken_down = ArticleFactory.create_batch(size // 5, section=section, status=Status.DRAFT)  # tombstones
        Article.objects.get(pk=taken_down[0].pk).delete()
        clock.shift(LATER)
        # The bound on the sync's order (api.sync.within_first), the page, its articles.
        with django_assert_num_queries(3):
            assert len(client.get("/api/v1/articles/", {"limit": 100}).json()["items"]) >= size


def test_sections_are_listed_in_the_navigations_order(client):
    SectionFactory(slug="business", name="Business", position=2)
    SectionFactory(slug="asia", name="Asia", position=1)
    assert [section["slug"] for section in client.get("/api/v1/sections/").json()] == ["asia", "business"]


def test_the_openapi_schema_describes_every_endpoint(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles/", "/api/v1/articles/{article_id}/", "/api/v1/ninjs/articles/",
        "/api/v1/ninjs/articles/{article_id}/", "/api/v1/ninjs/2.2/articles/",
        "/api/v1/ninjs/2.2/articles/{article_id}/", "/api/v1/sections/", "/api/v1/tags/", "/api/v1/authors/",
    }  # fmt: skip


def test_tags_are_those_of_published_articles_with_how_many_carry_each(client):
    for article in ArticleFactory.create_batch(2):
        article.tags.add("Taiwan")
    ArticleFactory().tags.add("Japan")
    for state in UNPUBLISHED_STATES.values():
        ArticleFactory(**state).tags.add("Embargoed summit")
    answer = client.get("/api/v1/tags/").json()
    assert [(tag["name"], tag["articles"]) for tag in answer["items"]] == [("Japan", 1), ("Taiwan", 2)]
    assert answer["items"][1]["url"] == "http://testserver/tag/taiwan/" and answer["has_more"] is False


def test_tags_come_in_pages_of_a_hundred(client):
    article = ArticleFactory()
    article.tags.add(*(f"Topic {n:03}" for n in range(105)))
    first, second = (client.get("/api/v1/tags/", {"page": n}).json() for n in (1, 2))
    assert (len(first["items"]), first["has_more"], len(second["items"]), second["has_more"]) == (100, True, 5, False)
    assert client.get("/api/v1/tags/", {"page": "0"}).status_code == 422


def test_authors_are_those_of_published_articles_with_their_links(client):
    reporter = AuthorFactory(name="Mei Lin", slug="mei-lin", role="Taipei correspondent", bio="Covers Taiwan.")
    reporter.links.create(label="Website", url="https://meilin.example")
    ArticleFactory(authors=[reporter])
    ArticleFactory(status=Status.DRAFT, authors=[AuthorFactory(name="Only Drafts")])
    (item,) = client.get("/api/v1/authors/").json()["items"]
    assert item == {
        "slug": "mei-lin", "name": "Mei Lin", "role": "Taipei correspondent", "bio": "Covers Taiwan.",
        "url": "http://testserver/authors/mei-lin/", "photo": None,
        "links": [{"label": "Website", "url": "https://meilin.example"}],
    }  # fmt: skip


def test_a_keys_sections_limit_its_tags_and_authors(client, editor):
    from api import services as api_services
    from api.models import ApiKey

    asia, sport = SectionFactory(slug="asia"), SectionFactory(slug="sport")
    ArticleFactory(section=asia, authors=[AuthorFactory(name="Asia Desk")]).tags.add("Taiwan")
    ArticleFactory(section=sport, authors=[AuthorFactory(name="Sport Desk")]).tags.add("Football")
    secret = api_services.api_key_create(key=ApiKey(name="Asia only"), by=editor, sections=[asia])
    headers = {"Authorization": f"Bearer {secret}"}
    assert [tag["name"] for tag in client.get("/api/v1/tags/", headers=headers).json()["items"]] == ["Taiwan"]
    assert [a["name"] for a in client.get("/api/v1/authors/", headers=headers).json()["items"]] == ["Asia Desk"]
    assert len(client.get("/api/v1/tags/").json()["items"]) == 2
