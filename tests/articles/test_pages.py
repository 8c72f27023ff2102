"""Tag pages, date archives, search, static pages, related and most-read lists."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Page, Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_a_tag_page_lists_the_published_articles_with_that_tag(client):
    tagged = ArticleFactory(headline="Strait tensions")
    tagged.tags.add("Taiwan")
    ArticleFactory(headline="Unrelated story")
    page = client.get(reverse("articles:tag", args=["taiwan"])).content.decode()
    assert "<h1>Taiwan</h1>" in page and "Strait tensions" in page and "Unrelated story" not in page
    assert client.get(reverse("articles:tag", args=["no-such-tag"])).status_code == 404


def test_article_tags_link_to_their_tag_pages(client):
    article = ArticleFactory()
    article.tags.add("United States")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{reverse("articles:tag", args=["united-states"])}"' in page


def test_date_archives_list_what_was_published_that_year_month_and_day(client):
    ArticleFactory(headline="October story", publish_at=at(2025, 10, 22))
    ArticleFactory(headline="November story", publish_at=at(2025, 11, 3))
    ArticleFactory(headline="Older story", publish_at=at(2024, 12, 31, 23))

    year = client.get("/2025/").content.decode()
    assert "October story" in year and "November story" in year and "Older story" not in year
    month = client.get("/2025/10/").content.decode()
    assert "October story" in month and "November story" not in month
    assert "Published in October 2025" in month
    day = client.get("/2025/10/22/").content.decode()
    assert "October story" in day and "Wednesday 22 October 2025" in day
    assert "Older story" in client.get("/2024/12/31/").content.decode()


@pytest.mark.parametrize(
    "url", ["/2025/13/", "/2025/00/", "/2025/1/", "/2025/ab/", "/2025/02/30/", "/99999/", "/2025/10/99/", "/1990/"]
)
def test_impossible_or_empty_dates_are_404_not_errors(client, url):
    ArticleFactory(publish_at=at(2025, 10, 22))
    assert client.get(url).status_code == 404


def test_search_finds_published_articles_and_marks_the_words(client):
    ArticleFactory(headline="Typhoon hits Luzon", body="<p>The typhoon brought heavy rain to Manila.</p>")
    ArticleFactory(headline="Typhoon draft", body="<p>Typhoon.</p>", status=Status.DRAFT)
    ArticleFactory(headline="Election news", body="<p>Votes were counted.</p>")

    response = client.get(reverse("articles:search"), {"q": "typhoon"})
    page = response.content.decode()
    assert "Typhoon hits Luzon" in page
    assert "Typhoon draft" not in page and "Election news" not in page
    assert "<mark>typhoon</mark>" in page.lower()
    assert "1 article found" in page


def test_search_needs_every_word_and_ranks_headlines_first_on_postgresql(client):
    ArticleFactory(headline="Rice prices rise", body="<p>Traders said so.</p>", publish_at=at(2025, 1, 1))
    ArticleFactory(headline="Markets steady", body="<p>Rice sold well.</p>", publish_at=at(2025, 6, 1))
    ArticleFactory(headline="Rice alone", body="<p>Nothing about the harvest.</p>", status=Status.ARCHIVED)

    page = client.get(reverse("articles:search"), {"q": "rice"}).content.decode()
    assert "2 articles found" in page
    headline_match, body_match = page.index("Rice prices rise"), page.index("Markets steady")
    if connection.vendor == "postgresql":
        assert headline_match < body_match  # ranked: a headline weighs more than the body
    else:
        assert body_match < headline_match  # the fallback lists the newest first

    both = client.get(reverse("articles:search"), {"q": "rice traders"}).content.decode()
    assert "1 article found" in both and "Rice prices rise" in both


@pytest.mark.usefixtures("uncached_pages")
def test_a_search_page_costs_two_queries_however_many_match(client, django_assert_num_queries):
    for n in range(30):
        ArticleFactory(headline=f"Rice report {n}", publish_at=at(2025, 1, 1 + n % 28))
    client.get(reverse("articles:search"), {"q": "report"})  # the first page of this process reads what is shared
    for address in ({"q": "rice"}, {"q": "rice", "page": "2"}):
        # PostgreSQL: the matching ids (their number is the count) and the ranked page. Elsewhere: the count and
        # the page. The navigation was read by the first page.
        with django_assert_num_queries(2):
            page = client.get(reverse("articles:search"), address).content.decode()
        assert "30 articles found" in page and page.count('class="card__headline"') == (
            20 if "page" not in address else 10
        )


@pytest.mark.parametrize(
    "query",
    ["'", '"', "a & b | !c", "(((", "foo:*", "<script>alert(1)</script>", "x" * 5000, "\u0000", "-", "Ω≈ç√"],
)
def test_any_search_text_gives_a_page_never_an_error(client, query):
    ArticleFactory(headline="Something")
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_snippets_escape_the_article_text(client):
    ArticleFactory(headline="Markup", standfirst="Use <b> & friends", body="<p>About &lt;script&gt; tags.</p>")
    page = client.get(reverse("articles:search"), {"q": "script"}).content.decode()
    assert "&lt;<mark>script</mark>&gt;" in page
    assert "Use &lt;b&gt; &amp; friends" in page


def test_an_empty_search_shows_the_form(client):
    page = client.get(reverse("articles:search")).content.decode()
    assert 'name="q"' in page and "found" not in page


def test_related_articles_share_tags_or_the_section_and_are_published(client):
    asia, world = SectionFactory(slug="asia", name="Asia"), SectionFactory(slug="world", name="World")
    article = ArticleFactory(section=world, headline="Main story")
    article.tags.add("Taiwan", "Defence")
    both = ArticleFactory(
        section=asia, headline="Shares two tags", publish_at=timezone.now() - datetime.timedelta(days=60)
    )
    both.tags.add("Taiwan", "Defence")
    long_ago = ArticleFactory(section=asia, headline="Years apart", publish_at=at(2019, 1, 1))
    long_ago.tags.add("Taiwan", "Defence")
    one = ArticleFactory(section=asia, headline="Shares one tag")
    one.tags.add("Taiwan")
    ArticleFactory(section=world, headline="Same section")
    ArticleFactory(section=asia, headline="Nothing in common")
    hidden = ArticleFactory(section=world, headline="Draft in section", status=Status.DRAFT)
    hidden.tags.add("Taiwan")
    call_command("compute_related", verbosity=0)

    page = client.get(article.get_absolute_url()).content.decode()
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    assert related.index("Shares two tags") < related.index("Shares one tag") < related.index("Same section")
    assert "Nothing in common" not in related and "Draft in section" not in related
    assert "Years apart" not in related  # news is related to news of its time


def test_most_read_lists_the_most_viewed_recent_articles(client):
    ArticleFactory(headline="Popular", view_count=500)
    ArticleFactory(headline="Quiet", view_count=3)
    ArticleFactory(headline="Popular draft", view_count=9000, status=Status.DRAFT)
    ArticleFactory(headline="Old hit", view_count=9000, publish_at=timezone.now() - datetime.timedelta(days=90))
    page = client.get(reverse("articles:home")).content.decode()
    most_read = page.split('id="most-read-heading"')[1].split("</aside>")[0]
    assert most_read.index("Popular") < most_read.index("Quiet")
    assert "Popular draft" not in most_read and "Old hit" not in most_read


def test_home_has_a_block_per_section(client):
    for slug in ["asia", "world"]:
        section = SectionFactory(slug=slug, name=slug.title())
        ArticleFactory.create_batch(6, section=section)
    page = client.get(reverse("articles:home")).content.decode()
    assert 'id="section-asia"' in page and 'id="section-world"' in page
    block = page.split('id="section-asia"')[1].split("</section>")[0]
    assert block.count('class="card"') == 4


def test_static_pages_are_shown_when_published_and_linked_from_the_footer(client):
    Page.objects.create(title="About us", slug="about", body="<p>We report.</p>", is_published=True)
    Page.objects.create(title="Secret", slug="secret", body="<p>Hidden.</p>", is_published=False)
    page = client.get("/about/").content.decode()
    assert "<p>We report.</p>" in page
    assert 'href="/about/"' in client.get(reverse("articles:home")).content.decode()
    assert client.get("/secret/").status_code == 404


def test_a_static_page_cannot_take_an_address_the_site_uses():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Page(title="Search", slug="search").full_clean()


def test_author_page_paginates(client):
    author = AuthorFactory()
    for _ in range(25):
        ArticleFactory(authors=[author])
    first = client.get(author.get_absolute_url()).content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get(author.get_absolute_url(), {"page": "2"}).content.decode()
