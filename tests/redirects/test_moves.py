"""When content's address changes, readers of the old one are sent on, for ever; chains collapse; addresses no
reader saw leave nothing behind."""

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Page, Status
from authors.services import authors_merge
from redirects.models import Origin, Redirect
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def rename(article, slug, editor):
    article.slug = slug
    return services.article_save(article=article, by=editor, base_version=article.version)


def ends_at(client, address):
    response = client.get(address)
    assert response.status_code == 301, f"{address} answered {response.status_code}"
    return response["Location"]


def test_a_published_article_renamed_sends_its_old_address_to_the_new_one(client, editor):
    article = ArticleFactory(slug="typhoon-nears-taiwan")
    old = article.get_absolute_url()
    rename(article, "typhoon-hits-taiwan", editor)

    assert ends_at(client, old) == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    redirect = Redirect.objects.get(old_path=old)
    assert redirect.origin == Origin.MOVED and redirect.status == 301


def test_a_chain_collapses_so_no_reader_is_sent_twice(client, editor):
    article = ArticleFactory(slug="a")
    first = article.get_absolute_url()
    rename(article, "b", editor)
    second = article.get_absolute_url()
    rename(article, "c", editor)
    third = article.get_absolute_url()

    assert ends_at(client, first) == third
    assert ends_at(client, second) == third
    assert client.get(third).status_code == 200


def test_renaming_back_leaves_no_loop(client, editor):
    article = ArticleFactory(slug="first-name")
    first = article.get_absolute_url()
    rename(article, "second-name", editor)
    second = article.get_absolute_url()
    rename(article, "first-name", editor)

    assert client.get(first).status_code == 200
    assert ends_at(client, second) == first
    assert not Redirect.objects.filter(old_path=first).exists()


def test_a_new_date_is_a_new_address_too(client, editor):
    article = ArticleFactory(slug="budget-day", publish_at=timezone.now() - timezone.timedelta(days=3))
    old = article.get_absolute_url()
    article.publish_at = timezone.now() - timezone.timedelta(days=1)
    services.article_save(article=article, by=editor, base_version=article.version)
    rename(article, "budget-day-in-full", editor)

    assert ends_at(client, old) == article.get_absolute_url()


@pytest.mark.parametrize(
    "state",
    [
        {"status": Status.DRAFT, "publish_at": None, "first_published_at": None},
        {"status": Status.IN_REVIEW, "publish_at": None, "first_published_at": None},
        {
            "status": Status.PUBLISHED,
            "publish_at": timezone.now() + timezone.timedelta(days=1),
            "first_published_at": timezone.now() + timezone.timedelta(days=1),
        },
    ],
    ids=["draft", "in review", "scheduled"],
)
def test_an_address_no_reader_saw_leaves_no_redirect(client, editor, state):
    article = ArticleFactory(slug="embargoed-story", **state)
    old = article.get_absolute_url()
    rename(article, "embargoed-story-renamed", editor)

    assert not Redirect.objects.exists()
    assert client.get(old).status_code == 404


def test_an_unpublished_article_renamed_still_redirects_for_when_it_returns(client, editor):
    article = ArticleFactory(slug="recall")
    old = article.get_absolute_url()
    services.article_unpublish(article=article, by=editor)
    rename(article, "recall-corrected", editor)
    services.article_publish(article=article, by=editor)

    assert ends_at(client, old) == article.get_absolute_url()


def test_the_old_address_leaves_the_page_cache(client, editor):
    article = ArticleFactory(slug="cached-story")
    old = article.get_absolute_url()
    assert client.get(old).status_code == 200
    assert client.get(old)["X-Page-Cache"] == "hit"

    rename(article, "cached-story-renamed", editor)

    assert ends_at(client, old) == article.get_absolute_url()


def test_a_query_string_follows_a_moved_listing(client):
    section = SectionFactory(slug="asia-pacific", name="Asia Pacific")
    ArticleFactory.create_batch(2, section=section)
    section.slug = "asia"
    section.save()

    assert ends_at(client, "/section/asia-pacific/?page=2") == "/section/asia/?page=2"
    assert ends_at(client, "/section/asia-pacific/rss/") == "/section/asia/rss/"
    assert ends_at(client, "/section/asia-pacific/atom/") == "/section/asia/atom/"


def test_a_renamed_tag_of_live_articles_redirects_and_an_unused_one_does_not(client, editor):
    live = Tag.objects.create(name="Typhoons", slug="typhoons")
    ArticleFactory(slug="storm").tags.add(live)
    unused = Tag.objects.create(name="Floods", slug="floods")
    for tag, slug in ((live, "typhoon-season"), (unused, "flooding")):
        tag.slug = slug
        services.tag_save(tag=tag, by=editor)

    assert ends_at(client, "/tag/typhoons/") == "/tag/typhoon-season/"
    assert ends_at(client, "/tag/typhoons/rss/") == "/tag/typhoon-season/rss/"
    assert client.get("/tag/floods/").status_code == 404
    assert not Redirect.objects.filter(old_path__startswith="/tag/floods/").exists()


def test_merged_tags_send_their_readers_to_the_tag_kept(client, editor):
    old = Tag.objects.create(name="Taiwan Strait", slug="taiwan-strait")
    ArticleFactory().tags.add(old)
    services.tags_merge(tags=Tag.objects.filter(pk=old.pk), into="Taiwan", by=editor)

    kept = Tag.objects.get(name="Taiwan")
    assert ends_at(client, "/tag/taiwan-strait/") == f"/tag/{kept.slug}/"


def test_a_published_page_renamed_redirects_and_an_unpublished_one_does_not(client):
    about = Page.objects.create(title="About us", slug="about-us", is_published=True)
    hidden = Page.objects.create(title="Jobs", slug="jobs", is_published=False)
    about.slug, hidden.slug = "about", "careers"
    about.save()
    hidden.save()

    assert ends_at(client, "/about-us/") == "/about/"
    assert not Redirect.objects.filter(old_path="/jobs/").exists()


def test_an_author_renamed_or_merged_keeps_their_readers(client, admin_user):
    author = AuthorFactory(name="Mei Lin", slug="mei-lin")
    duplicate = AuthorFactory(name="Lin Mei", slug="lin-mei")
    author.slug = "mei-lin-taipei"
    author.save()
    authors_merge(keep=author, others=[duplicate], by=admin_user)

    assert ends_at(client, "/authors/mei-lin/") == "/authors/mei-lin-taipei/"
    assert ends_at(client, "/authors/mei-lin/atom/") == "/authors/mei-lin-taipei/atom/"
    assert ends_at(client, "/authors/lin-mei/") == "/authors/mei-lin-taipei/"


def test_an_import_that_renames_a_live_article_redirects_too(client):
    article = ArticleFactory(slug="wire-story", import_ref="wire:1")
    old = article.get_absolute_url()
    article.slug = "wire-story-updated"
    services.article_import(article=article, by=services.Importer())

    assert ends_at(client, old) == article.get_absolute_url()


def test_only_a_missing_page_is_redirected_a_live_one_is_never_hidden(client, editor):
    article = ArticleFactory(slug="live-story")
    Redirect.objects.create(old_path=article.get_absolute_url(), new_path="/elsewhere/")

    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_missing_file_name_is_a_plain_404_not_sent_to_an_address_with_a_slash(client):
    for path in ("/favicon.ico", "/wp-login.php"):
        assert client.get(path).status_code == 404
