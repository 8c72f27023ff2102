"""Tags readers see: only those a published article carries, each at an address, whatever its name."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Article
from tests.factories import UNPUBLISHED_STATES, ArticleFactory, SectionFactory
from tests.transfer.conftest import run

pytestmark = pytest.mark.django_db

HIDDEN_STATES = {
    **UNPUBLISHED_STATES,
    "expired": {
        "publish_at": timezone.now() - datetime.timedelta(days=2),
        "expire_at": timezone.now() - datetime.timedelta(days=1),
    },
}


def tag_addresses(slug):
    return [reverse(name, args=[slug]) for name in ("articles:tag", "articles:tag_feed_rss", "articles:tag_feed_atom")]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_tag_only_unpublished_articles_carry_has_no_page_and_no_feed(client, state):
    ArticleFactory(headline="Published story", section=SectionFactory(slug="asia")).tags.add("Taiwan")
    ArticleFactory(headline="Hidden story", **HIDDEN_STATES[state]).tags.add("Secretplan")

    for address in tag_addresses("secretplan"):
        assert client.get(address).status_code == 404, address
    for address in tag_addresses("taiwan"):
        assert client.get(address).status_code == 200, address


def test_a_tag_only_unpublished_articles_carry_appears_nowhere_public(client):
    published = ArticleFactory(headline="Published story", section=SectionFactory(slug="asia"))
    published.tags.add("Taiwan")
    for name, state in HIDDEN_STATES.items():
        ArticleFactory(headline=f"Covert {name}", slug=f"covert-{name}", **state).tags.add("Secretplan")
    index = client.get(reverse("sitemap")).content.decode()
    addresses = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    addresses += [
        reverse("articles:home"),
        published.get_absolute_url(),  # its JSON-LD keywords, related articles and most read
        reverse("articles:search") + "?q=secretplan",
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:section_feed_rss", args=["asia"]),
    ]

    pages = {address: client.get(address) for address in addresses}

    assert any("Taiwan" in page.content.decode() for page in pages.values()), "the walk saw the public tag"
    for address, page in pages.items():
        assert page.status_code == 200, address
        text = page.content.decode().lower()
        assert "covert" not in text, address
        if "?q=" not in address:  # the search page repeats what was searched for
            assert "secretplan" not in text, address


def test_a_tag_becomes_public_when_an_editor_publishes_its_first_article(client, editor):
    draft = ArticleFactory(headline="Coming soon", status="draft", publish_at=None, first_published_at=None)
    draft.tags.add("Secretplan")
    assert client.get(reverse("articles:tag", args=["secretplan"])).status_code == 404

    services.article_publish(article=Article.objects.get(pk=draft.pk), by=editor)

    page = client.get(reverse("articles:tag", args=["secretplan"]))
    assert page.status_code == 200
    assert "Coming soon" in page.content.decode()
    assert "/tag/secretplan/" in client.get(reverse("sitemap_section", args=["tags"])).content.decode()


def test_the_public_tags_are_one_query(django_assert_max_num_queries):
    ArticleFactory().tags.add("Taiwan", "Typhoon")
    ArticleFactory(status="draft").tags.add("Secretplan")
    with django_assert_max_num_queries(1):
        assert sorted(tag.name for tag in Article.objects.published().tags()) == ["Taiwan", "Typhoon"]


@pytest.mark.parametrize("names", [["!!!", "#", "🙂"], ["Tag", "!!!", "¿?"]])
def test_a_tag_name_without_letters_gets_a_readable_slug_and_its_pages_open(client, names):
    article = ArticleFactory(headline="Punctuation story")
    tags = [services.tag_save(tag=Tag(name=name)) for name in names]
    article.tags.add(*tags)

    slugs = [tag.slug for tag in tags]
    assert len(set(slugs)) == len(names)
    assert all(re.fullmatch(r"tag(-\d+)?", slug) for slug in slugs), slugs
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    sitemap = client.get(reverse("sitemap_section", args=["tags"]))
    assert sitemap.status_code == 200
    for tag in tags:
        assert f'href="/tag/{tag.slug}/"' in page.content.decode()
        assert f"/tag/{tag.slug}/" in sitemap.content.decode()
        assert client.get(reverse("articles:tag", args=[tag.slug])).status_code == 200


def test_tag_slugs_are_transliterated_and_stay_unique(db):
    first, second = services.tag_save(tag=Tag(name="Việt Nam")), services.tag_save(tag=Tag(name="Việt-Nam"))
    assert (first.slug, second.slug) == ("viet-nam", "viet-nam-2")


def test_tag_slugs_keep_letters_of_every_script_where_unicode_slugs_are_allowed(db, settings):
    settings.ALLOW_UNICODE_SLUGS = True
    first, second = services.tag_save(tag=Tag(name="Việt Nam")), services.tag_save(tag=Tag(name="台湾"))
    assert (first.slug, second.slug) == ("việt-nam", "台湾")


def test_an_imported_tag_without_letters_gets_a_readable_slug(tmp_path, client):
    line = {
        "import_ref": "wire:1", "headline": "Markets rally", "slug": "markets-rally", "body": "<p>Up.</p>",
        "status": "published", "publish_at": "2025-11-03T08:15:00+07:00", "section": {"slug": "business",
        "name": "Business"}, "tags": ["!!!", "Markets"],
    }  # fmt: skip
    source = tmp_path / "wire.jsonl"
    source.write_text(json.dumps(line) + "\n")

    result = run("import_articles", source)

    assert result.ok, result.output
    article = Article.objects.get(import_ref="wire:1")
    assert sorted(article.tags.values_list("slug", flat=True)) == ["markets", "tag"]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_migration_gives_an_existing_empty_slug_a_readable_one(transactional_db):
    before, repaired = ("articles", "0014_body_image_uses"), ("articles", "0015_tag_fallback_slugs")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_tag = executor.loader.project_state([before]).apps.get_model("taggit", "Tag")
    old_tag.objects.create(name="!!!", slug="")
    old_tag.objects.create(name="Tag", slug="tag")
    try:
        MigrationExecutor(connection).migrate([repaired])
        assert Tag.objects.get(name="!!!").slug == "tag-2"
        assert Tag.objects.get(name="Tag").slug == "tag"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
