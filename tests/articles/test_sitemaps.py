"""sitemap.xml, the Google News sitemap and robots.txt: what crawlers are told about, published pages only."""

import datetime
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles import sitemaps
from articles.models import Article, Section, Status
from newsroom.urls import SITEMAPS
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
SECTIONS = ["articles", "sections", "tags", "authors"]

UNPUBLISHED = {
    "draft": {"status": Status.DRAFT},
    "in-review": {"status": Status.IN_REVIEW},
    "archived": {"status": Status.ARCHIVED},
    "scheduled": {"publish_at": timezone.now() + datetime.timedelta(hours=3)},
}


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output, not untrusted XML)


def sitemap_url(section):
    return reverse("sitemap_section", kwargs={"section": section})


def locations(client, url):
    return [loc.text for loc in get_xml(client, url).iterfind("sm:url/sm:loc", NS)]


def absolute(path):
    return f"http://testserver{path}"


def tag_url(slug):
    return absolute(reverse("articles:tag", kwargs={"slug": slug}))


@pytest.fixture
def newsroom():
    """What readers can see: one article in Asia tagged Taiwan by Mei Lin. And, everywhere else, what they cannot:
    unpublished articles in their own section, with their own tag and author, and in Asia too."""
    asia, mei = SectionFactory(slug="asia"), AuthorFactory(slug="mei-lin")
    live = ArticleFactory(slug="live", section=asia, authors=[mei])
    live.tags.add("Taiwan")
    hidden_section, hidden_author = SectionFactory(slug="hidden"), AuthorFactory(slug="ghost")
    for state, fields in UNPUBLISHED.items():
        for section in [asia, hidden_section]:
            article = ArticleFactory(
                slug=f"{state}-in-{section.slug}", section=section, authors=[hidden_author], **fields
            )
            article.tags.add(f"Secret {state}", "Taiwan")
    return live


def test_the_sitemap_index_links_the_four_sitemaps_by_absolute_address(client, newsroom):
    index = get_xml(client, reverse("sitemap"))
    assert [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)] == [
        absolute(sitemap_url(section)) for section in SECTIONS
    ]
    assert all(lastmod.text for lastmod in index.iterfind("sm:sitemap/sm:lastmod", NS))


def test_the_sitemaps_list_only_published_articles_and_the_pages_that_list_them(client, newsroom):
    assert locations(client, sitemap_url("articles")) == [absolute(newsroom.get_absolute_url())]
    assert locations(client, sitemap_url("sections")) == [absolute(newsroom.section.get_absolute_url())]
    assert locations(client, sitemap_url("tags")) == [tag_url("taiwan")]
    assert locations(client, sitemap_url("authors")) == [absolute("/authors/mei-lin/")]


def test_every_address_in_the_sitemaps_opens_for_an_anonymous_reader(client, newsroom):
    for section in SECTIONS:
        for url in locations(client, sitemap_url(section)):
            assert client.get(url).status_code == 200, url


def test_an_article_is_last_modified_when_significantly_updated_and_not_by_a_typo_fix(client):
    now = timezone.now()
    plain = ArticleFactory(publish_at=now - datetime.timedelta(days=10))
    updated = ArticleFactory(
        publish_at=now - datetime.timedelta(days=20), significantly_updated_at=now - datetime.timedelta(days=3)
    )
    Article.objects.update(updated_at=now)  # typo fixes today

    entries = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in get_xml(client, sitemap_url("articles")).iterfind("sm:url", NS)
    }
    assert entries == {
        absolute(plain.get_absolute_url()): f"{plain.publish_at:%Y-%m-%d}",
        absolute(updated.get_absolute_url()): f"{updated.significantly_updated_at:%Y-%m-%d}",
    }


def test_a_listing_page_is_last_modified_when_its_newest_article_went_out(client):
    now = timezone.now()
    section = SectionFactory(slug="asia")
    ArticleFactory(section=section, publish_at=now - datetime.timedelta(days=9))
    ArticleFactory(section=section, publish_at=now - datetime.timedelta(days=4))
    ArticleFactory(section=section, status=Status.DRAFT, publish_at=now - datetime.timedelta(days=1))
    [url] = get_xml(client, sitemap_url("sections")).iterfind("sm:url", NS)
    assert url.findtext("sm:lastmod", namespaces=NS) == f"{now - datetime.timedelta(days=4):%Y-%m-%d}"


def test_the_sitemaps_split_at_the_protocols_limit_and_the_index_links_every_page(client, monkeypatch):
    assert {sitemap.limit for sitemap in SITEMAPS.values()} == {50_000}
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    articles = ArticleFactory.create_batch(3)

    index = [loc.text for loc in get_xml(client, reverse("sitemap")).iterfind("sm:sitemap/sm:loc", NS)]
    first_page = absolute(sitemap_url("articles"))
    assert index[:2] == [first_page, f"{first_page}?p=2"]
    listed = locations(client, sitemap_url("articles")) + locations(client, f"{sitemap_url('articles')}?p=2")
    assert sorted(listed) == sorted(absolute(article.get_absolute_url()) for article in articles)
    assert client.get(f"{sitemap_url('articles')}?p=3").status_code == 404


def test_an_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_the_news_sitemap_lists_only_articles_published_in_the_last_48_hours(client):
    now = timezone.now()
    recent = ArticleFactory(headline="Polls open & queues grow", publish_at=now - datetime.timedelta(hours=1))
    older = ArticleFactory(publish_at=now - datetime.timedelta(hours=47))
    ArticleFactory(publish_at=now - datetime.timedelta(hours=49))
    for fields in UNPUBLISHED.values():
        ArticleFactory(**{"publish_at": now - datetime.timedelta(hours=2), **fields})

    urls = {
        url.findtext("sm:loc", namespaces=NS): url.find("news:news", NS)
        for url in get_xml(client, reverse("news_sitemap")).iterfind("sm:url", NS)
    }
    assert list(urls) == [absolute(recent.get_absolute_url()), absolute(older.get_absolute_url())]
    news = urls[absolute(recent.get_absolute_url())]
    assert news.findtext("news:publication/news:name", namespaces=NS) == settings.SITE_NAME
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Polls open & queues grow"
    published = datetime.datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == recent.publish_at.replace(microsecond=0)  # to the second, as every moment machines read


def test_the_news_sitemap_stops_at_googles_limit_of_1000_articles(client):
    section = SectionFactory()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            section=section,
            status=Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=n + 1),
        )
        for n in range(1001)
    )
    listed = locations(client, reverse("news_sitemap"))
    assert len(listed) == 1000
    assert listed[0].endswith("/story-0/") and listed[-1].endswith("/story-999/")


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    sitemap_lines = [line for line in lines if line.startswith("Sitemap: ")]
    assert sitemap_lines == ["Sitemap: http://testserver/sitemap.xml", "Sitemap: http://testserver/news-sitemap.xml"]
    for line in sitemap_lines:
        get_xml(client, line.removeprefix("Sitemap: "))


def add_articles(n, section, author):
    """n published articles in `section` by `author` and one other, each with two tags of its own."""
    for _ in range(n):
        article = ArticleFactory(section=section, authors=[author, AuthorFactory()])
        article.tags.add("Taiwan", f"tag-{article.pk}", f"other-{article.pk}")


# The index counts and dates each sitemap (two queries each); a sitemap page counts and lists (two).
MAX_QUERIES = {"sitemap": 8, "articles": 2, "sections": 2, "tags": 2, "authors": 2, "news": 2}


@pytest.mark.usefixtures("uncached_pages")
@pytest.mark.parametrize("name", list(MAX_QUERIES))
def test_a_sitemap_runs_a_fixed_number_of_queries_whatever_the_number_of_articles_tags_and_authors(
    client, django_assert_max_num_queries, name
):
    url = {"sitemap": reverse("sitemap"), "news": reverse("news_sitemap")}.get(name) or sitemap_url(name)
    section, author = Section.objects.create(name="Asia", slug="asia"), AuthorFactory()
    counts = []
    for added in [3, 9]:
        add_articles(added, section, author)
        with django_assert_max_num_queries(MAX_QUERIES[name]) as queries:
            get_xml(client, url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
