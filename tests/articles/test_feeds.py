"""RSS and Atom feeds: what feed readers get for the site, a section, a tag and an author."""

import calendar
import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Status
from media.renditions import get_rendition
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

SCOPES = ["site", "section", "tag", "author"]
FORMATS = ["rss", "atom"]

UNPUBLISHED = {
    "draft": {"status": Status.DRAFT},
    "in-review": {"status": Status.IN_REVIEW},
    "archived": {"status": Status.ARCHIVED},
    "scheduled": {"publish_at": timezone.now() + datetime.timedelta(hours=3)},
}


def feed_url(scope, fmt, slug=None):
    if scope == "site":
        return reverse(f"articles:feed_{fmt}")
    if scope == "author":
        return reverse(f"authors:feed_{fmt}", kwargs={"slug": slug})
    return reverse(f"articles:{scope}_feed_{fmt}", kwargs={"slug": slug})


def all_feed_urls(section_slug="asia", tag_slug="taiwan", author_slug="mei-lin"):
    slugs = {"site": None, "section": section_slug, "tag": tag_slug, "author": author_slug}
    return {f"{scope}-{fmt}": feed_url(scope, fmt, slugs[scope]) for scope in SCOPES for fmt in FORMATS}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return response, feed


def timestamp(parsed):
    return calendar.timegm(parsed)


@pytest.fixture
def story():
    """One published article in section Asia, tagged Taiwan, by Mei Lin and Nikhil Chauhan, with a lead image."""
    section = SectionFactory(slug="asia", name="Asia")
    mei, nikhil = AuthorFactory(name="Mei Lin", slug="mei-lin"), AuthorFactory(name="Nikhil Chauhan")
    article = ArticleFactory(
        headline="Typhoon reaches Taipei",
        standfirst="Schools and offices are closed.",
        section=section,
        lead_image=ImageFactory(credit="Reuters"),
        authors=[mei, nikhil],
    )
    article.tags.add("Taiwan", "Weather")
    return article


@pytest.mark.parametrize("name", list(all_feed_urls()))
def test_every_feed_gives_readers_the_article_with_dates_categories_byline_and_picture(client, story, name):
    response, feed = parse(client, all_feed_urls()[name])
    assert len(feed.entries) == 1
    entry = feed.entries[0]

    assert entry.title == "Typhoon reaches Taipei"
    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.summary == "Schools and offices are closed."
    assert timestamp(entry.published_parsed) == int(story.publish_at.timestamp())
    assert entry.author == "Mei Lin and Nikhil Chauhan"
    assert {tag.term for tag in entry.tags} == {"Asia", "Taiwan", "Weather"}

    rendition = get_rendition(story.lead_image, "w800-jpeg")
    picture_url = f"http://testserver{rendition.url}"
    [enclosure] = entry.enclosures
    assert enclosure.href == picture_url
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == rendition.file.size > 0
    assert entry.media_content == [
        {
            "url": picture_url,
            "type": "image/jpeg",
            "medium": "image",
            "width": str(rendition.width),
            "height": str(rendition.height),
        }
    ]
    assert entry.media_credit == [{"content": "Reuters"}]
    assert client.get(rendition.url).status_code == 200

    assert response["Last-Modified"] == http_date(story.publish_at.timestamp())


@pytest.mark.parametrize("fmt", FORMATS)
def test_headlines_with_ampersands_and_angle_brackets_read_as_written(client, fmt):
    ArticleFactory(headline="Q&A: why 1 < 2 in the polls", standfirst="Tom & Jerry <script>")
    _, feed = parse(client, feed_url("site", fmt))
    assert feed.entries[0].title == "Q&A: why 1 < 2 in the polls"
    # The summary is HTML: the standfirst's text is shown, never run as markup.
    assert feed.entries[0].summary == "Tom &amp; Jerry &lt;script&gt;"


@pytest.mark.parametrize("state", list(UNPUBLISHED))
def test_unpublished_articles_never_appear_in_any_feed(client, story, state):
    secret = ArticleFactory(
        headline="Secret plan",
        section=story.section,
        authors=list(story.authors.all()),
        lead_image=ImageFactory(),
        **UNPUBLISHED[state],
    )
    secret.tags.add("Taiwan")
    for name, url in all_feed_urls().items():
        response, feed = parse(client, url)
        assert [entry.title for entry in feed.entries] == ["Typhoon reaches Taipei"], name
        assert b"Secret plan" not in response.content
        assert secret.slug.encode() not in response.content


def test_the_updated_date_is_the_significant_update_and_a_typo_fix_does_not_change_it(client, story):
    story.significantly_updated_at = story.publish_at + datetime.timedelta(minutes=90)
    story.save()
    Article.objects.filter(pk=story.pk).update(updated_at=timezone.now() + datetime.timedelta(days=1))

    response, feed = parse(client, feed_url("site", "atom"))
    entry = feed.entries[0]
    assert timestamp(entry.published_parsed) == int(story.publish_at.timestamp())
    assert timestamp(entry.updated_parsed) == int(story.significantly_updated_at.timestamp())
    for fmt in FORMATS:
        assert client.get(feed_url("site", fmt))["Last-Modified"] == http_date(
            story.significantly_updated_at.timestamp()
        )


def test_a_feed_holds_the_fifty_newest_articles_newest_first(client):
    now = timezone.now()
    for hours in range(1, 53):
        ArticleFactory(slug=f"story-{hours}", publish_at=now - datetime.timedelta(hours=hours))
    _, feed = parse(client, feed_url("site", "rss"))
    slugs = [entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries]
    assert slugs == [f"story-{hours}" for hours in range(1, 51)]


def test_the_section_tag_and_author_feeds_hold_only_their_own_articles(client, story):
    other = ArticleFactory(headline="Elsewhere", section=SectionFactory(slug="europe"), authors=[AuthorFactory()])
    other.tags.add("Politics")
    for scope in ["section", "tag", "author"]:
        for fmt in FORMATS:
            url = all_feed_urls()[f"{scope}-{fmt}"]
            assert [entry.title for entry in parse(client, url)[1].entries] == ["Typhoon reaches Taipei"], url
    assert {entry.title for entry in parse(client, feed_url("site", "rss"))[1].entries} == {
        "Typhoon reaches Taipei",
        "Elsewhere",
    }


def test_the_feeds_name_what_they_follow_and_link_to_its_page(client, story):
    expected = {
        "section": ("Asia — Asia In News", f"http://testserver{story.section.get_absolute_url()}"),
        "tag": ("Taiwan — Asia In News", "http://testserver" + reverse("articles:tag", kwargs={"slug": "taiwan"})),
        "author": ("Mei Lin — Asia In News", "http://testserver/authors/mei-lin/"),
        "site": ("Asia In News", "http://testserver/"),
    }
    for scope, (title, link) in expected.items():
        for fmt in FORMATS:
            _, feed = parse(client, all_feed_urls()[f"{scope}-{fmt}"])
            assert (feed.feed.title, feed.feed.link) == (title, link)
            assert feed.feed.subtitle


@pytest.mark.parametrize("scope", ["section", "tag", "author"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_for_an_unknown_section_tag_or_author_is_404(client, scope, fmt):
    assert client.get(feed_url(scope, fmt, "no-such-thing")).status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_section_or_author_with_nothing_published_has_an_empty_valid_feed_and_a_draft_only_tag_none(client, fmt):
    section, author = SectionFactory(slug="quiet"), AuthorFactory(slug="new-hire")
    draft = ArticleFactory(section=section, authors=[author], status=Status.DRAFT)
    draft.tags.add("Unused")
    for url in [feed_url("section", fmt, "quiet"), feed_url("author", fmt, "new-hire")]:
        _, feed = parse(client, url)
        assert feed.entries == []
        assert feed.feed.title
    assert client.get(feed_url("tag", fmt, "unused")).status_code == 404


def add_articles(n, section, author):
    """n published articles in `section` by `author` and one other, each with a lead image and two tags of its own."""
    for _ in range(n):
        article = ArticleFactory(section=section, lead_image=ImageFactory(), authors=[author, AuthorFactory()])
        article.tags.add("Taiwan", f"tag-{article.pk}", f"other-{article.pk}")
        get_rendition(article.lead_image, "w800-jpeg")  # made on first view; count the steady state


# Site feed: articles, bylines with their authors, renditions, tags; the others look up what they follow first.
MAX_FEED_QUERIES = 5


@pytest.mark.usefixtures("uncached_pages")
@pytest.mark.parametrize("name", list(all_feed_urls()))
def test_a_feed_runs_a_fixed_number_of_queries_whatever_the_number_of_articles_tags_and_authors(
    client, django_assert_max_num_queries, name
):
    section, author = SectionFactory(slug="asia"), AuthorFactory(slug="mei-lin")
    counts = []
    for added, total in [(3, 3), (9, 12)]:
        add_articles(added, section, author)
        with django_assert_max_num_queries(MAX_FEED_QUERIES) as queries:
            _, feed = parse(client, all_feed_urls()[name])
        assert len(feed.entries) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]
