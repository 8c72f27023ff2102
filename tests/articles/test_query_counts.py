"""An uncached reader page costs the same few queries with 5 articles or 60 (issue 14: cheap uncached pages).

Every article here has a lead picture, tags, three bylines, pictures in its body and corrections: all a page
can show. What each page is allowed: article 5, home 6, section, tag and author 5.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, BylineRole, CorrectionKind, Page, Status
from media.models import Agency
from media.renditions import rebuild_renditions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages", "media_root")]

BUDGET = {"article": 5, "home": 6, "section": 5, "tag": 5, "author": 5}
ROLES = [BylineRole.REPORTER, BylineRole.REPORTER, BylineRole.PHOTOGRAPHER]


def body_with(pictures):
    figures = "".join(
        f'<figure><img src="/x.jpg" alt="A picture" data-file="{picture.pk}"></figure>' for picture in pictures
    )
    return f"<p>First paragraph.</p>{figures}<p>Last paragraph.</p>"


class Newsroom:
    """Three sections, four authors, three agency pictures with their renditions, and live articles added in
    batches; the newest article is featured."""

    def __init__(self):
        agency = Agency.objects.create(name="Reuters")
        self.pictures = [ImageFactory(agency=agency) for _ in range(3)]
        for picture in self.pictures:
            rebuild_renditions(picture)
        self.sections = [SectionFactory(slug=slug, name=slug.title()) for slug in ("asia", "world", "business")]
        self.authors = [AuthorFactory() for _ in range(4)]
        Page.objects.create(title="About", slug="about", is_published=True)
        self.articles = []

    def add(self, count):
        start = timezone.now()
        for n in range(len(self.articles), len(self.articles) + count):
            article = ArticleFactory(
                section=self.sections[n % 3],
                lead_image=self.pictures[n % 3],
                body=body_with(self.pictures[:2]),
                publish_at=start - datetime.timedelta(hours=n + 1),
                view_count=n * 7 % 13,
            )
            for position, role in enumerate(ROLES):
                author = self.authors[(n + position) % 4]
                Byline.objects.create(article=article, author=author, position=position, role=role)
            article.tags.add("Taiwan", f"Topic {n % 5}")
            CorrectionFactory(article=article, kind=CorrectionKind.RETRACTION if n % 2 else CorrectionKind.CORRECTION)
            self.articles.append(article)
        Article.objects.filter(pk=self.articles[0].pk).update(is_featured=True)
        call_command("compute_related", verbosity=0)

    def addresses(self):
        return {
            "article": self.articles[1].get_absolute_url(),
            "home": reverse("articles:home"),
            "section": self.sections[0].get_absolute_url(),
            "tag": reverse("articles:tag", args=["taiwan"]),
            "author": self.authors[0].get_absolute_url(),
        }


def count_queries(client, django_assert_max_num_queries, newsroom):
    counted = {}
    for name, address in newsroom.addresses().items():
        with django_assert_max_num_queries(BUDGET[name]) as captured:
            response = client.get(address)
        assert response.status_code == 200, name
        counted[name] = len(captured)
    return counted


def test_each_uncached_page_costs_the_same_few_queries_with_5_or_60_articles(client, django_assert_max_num_queries):
    newsroom = Newsroom()
    newsroom.add(5)
    with_5 = count_queries(client, django_assert_max_num_queries, newsroom)
    newsroom.add(55)
    with_60 = count_queries(client, django_assert_max_num_queries, newsroom)
    assert with_5 == with_60


def test_the_article_page_shows_all_it_has_within_its_five_queries(client, django_assert_num_queries):
    newsroom = Newsroom()
    newsroom.add(8)
    with django_assert_num_queries(5):  # the article, its corrections, its body's pictures, the cards, the navigation
        page = client.get(newsroom.articles[1].get_absolute_url()).content.decode()
    assert page.count('class="body-figure"') == 2
    assert "This article has been retracted." in page
    header = page.split('class="article__header"')[1].split("</header>")[0]
    assert header.count('rel="author"') == 2 and "Photos: " in header
    assert page.count('rel="tag"') == 2
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    assert related.count('class="card"') == 4
    assert page.split('id="most-read-heading"')[1].split("</aside>")[0].count("<li>") == 5
    assert ">About</a>" in page and ">Asia</a>" in page


def test_the_home_page_shows_its_lead_blocks_and_most_read_within_its_queries(client, django_assert_num_queries):
    newsroom = Newsroom()
    newsroom.add(20)
    with django_assert_num_queries(4):  # the navigation, the lead with the blocks and most read, the count, the page
        page = client.get(reverse("articles:home")).content.decode()
    lead = page.split('class="lead-story"')[1].split("</section>")[0]
    assert newsroom.articles[0].headline + "<" in lead
    assert page.count('class="section-block"') == 3
    assert page.split('id="most-read-heading"')[1].split("</aside>")[0].count("<li>") == 5


def test_a_tags_and_an_authors_pager_count_their_live_articles_only(client):
    author = AuthorFactory(slug="mei-lin")
    for n in range(26):
        status = Status.DRAFT if n >= 21 else Status.PUBLISHED  # 21 live: two pages of 20
        article = ArticleFactory(status=status, authors=[author])
        article.tags.add("Taiwan")
    for address in (reverse("articles:tag", args=["taiwan"]), author.get_absolute_url()):
        first = client.get(address).content.decode()
        assert "Page 1 of 2" in first, address
        assert client.get(address, {"page": 2}).content.decode().count('class="card"') == 1
