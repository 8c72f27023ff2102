"""`manage.py load_demo`: a complete, re-runnable demo site with the reference article in it."""

import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Byline, Correction, Page, Section, Status
from authors.models import Author
from demo import content as demo_content
from media.models import Image, Rendition, UsageRights
from media.renditions import SPECS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MODELS = [Section, Author, Article, Image, Rendition, Byline, Correction, Tag, User, Page]
PASSWORD_ENV = "DJANGO_SUPERUSER_PASSWORD"


def load_demo(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Every row of every model the demo writes, field by field."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def printed_password(output, username):
    match = re.search(rf"username: {username}\s+password: (\S+)", output)
    assert match, output
    return match.group(1)


def stored_files():
    root = Path(default_storage.location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded twice, once for the whole module (drawing the pictures takes a few seconds).

    Everything happens inside one transaction that is rolled back after the module's
    tests (each test runs in a savepoint within it), with its own MEDIA_ROOT.
    """
    with (
        pytest.MonkeyPatch.context() as mp,
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        mp.delenv(PASSWORD_ENV, raising=False)
        first = load_demo()
        before = snapshot()
        second = load_demo()
        after = snapshot()
        yield SimpleNamespace(first=first, second=second, before=before, after=after)
        transaction.set_rollback(True)


def test_a_second_run_changes_nothing(demo):
    assert {name: len(rows) for name, rows in demo.after.items()} == {
        name: len(rows) for name, rows in demo.before.items()
    }
    assert demo.after == demo.before
    assert "Nothing new to create" in demo.second


def test_the_first_run_creates_everything_and_says_so(demo):
    counts = {name: len(rows) for name, rows in demo.before.items()}
    assert counts["Section"] == 5
    assert counts["Page"] == 3
    assert counts["Author"] == len(demo_content.AUTHORS) == 6
    assert counts["Image"] == len(demo_content.IMAGES) == 10
    assert counts["Rendition"] == 10 * len(SPECS)
    assert counts["Article"] == len(demo_content.STORIES) + 1
    assert "Demo content ready: 46 articles (41 published, 1 scheduled, 1 in review, 3 drafts)" in demo.first
    assert "Demo content ready: 46 articles" in demo.second


def test_the_first_run_prints_a_generated_password_that_works(demo):
    assert "http://127.0.0.1:8000/admin/" in demo.first
    for username in ("editor", "reporter"):
        password = printed_password(demo.first, username)
        assert len(password) >= 16
        # Checked after the second run: a run without the variable keeps the password.
        assert User.objects.get(username=username).check_password(password)
        assert f"password unchanged; use manage.py changepassword {username}" in demo.second
    assert printed_password(demo.first, "editor") not in demo.second
    assert printed_password(demo.first, "editor") != printed_password(demo.first, "reporter")


def test_the_accounts_have_their_roles_not_superuser_powers(demo):
    editor = User.objects.get(username="editor")
    reporter = User.objects.get(username="reporter")
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert editor.has_perm("articles.publish_article")
    assert reporter.is_staff and not reporter.has_perm("articles.publish_article")


def test_passwords_come_from_the_environment_when_it_is_set(demo, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "a demo password from the environment")
    User.objects.filter(username="reporter").delete()  # one new account, one existing

    output = load_demo()

    for username in ("editor", "reporter"):
        assert User.objects.get(username=username).check_password("a demo password from the environment")
    assert "a demo password from the environment" not in output
    hashes = list(User.objects.order_by("pk").values_list("password", flat=True))
    assert "password unchanged (it is already the value" in load_demo()
    assert list(User.objects.order_by("pk").values_list("password", flat=True)) == hashes


def test_the_reference_article_is_reproduced_exactly(demo):
    article = Article.objects.get(slug=demo_content.REFERENCE_SLUG)
    assert (
        article.headline == "Taiwan aims to strengthen its military relationship with the US to enhance its security."
    )
    assert article.section.name == "Asia"
    assert article.status == Status.PUBLISHED
    assert timezone.localtime(article.publish_at).date() == date(2025, 10, 22)
    assert article.byline_authors == [Author.objects.get(name="Nikhil Chauhan")]
    assert article.view_count == 1
    assert article.standfirst
    assert sorted(article.tags.names()) == ["China", "Defence", "Taiwan", "United States"]

    paragraphs = re.findall(r"<p>(.*?)</p>", article.body, re.DOTALL)
    assert paragraphs == demo_content.REFERENCE_PARAGRAPHS
    assert paragraphs[0].startswith("Taiwan’s Ministry of Defence announced on Wednesday (Oct 22)")
    assert paragraphs[1].startswith("“Our armed forces")
    assert "significant—such as Taiwanese F-16 pilots" in paragraphs[2]
    assert paragraphs[-1].endswith("only Taiwan’s people can determine their future.")

    image = article.lead_image
    assert image.credit == "Reuters"
    # The disclaimer under it is the agency Reuters', not the image's own.
    assert image.agency.name == "Reuters" and image.disclaimer == ""
    assert image.shown_disclaimer == "This image is taken from Reuters."
    assert image.usage_rights == UsageRights.AGENCY
    assert "stand-in" in image.alt_text.lower()
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("time_zone", ["America/Los_Angeles", "Pacific/Kiritimati"])
def test_the_reference_article_is_dated_22_october_in_the_sites_time_zone(demo, settings, time_zone):
    settings.TIME_ZONE = time_zone
    Article.objects.filter(slug=demo_content.REFERENCE_SLUG).delete()

    load_demo()

    article = Article.objects.get(slug=demo_content.REFERENCE_SLUG)
    assert timezone.localtime(article.publish_at).date() == date(2025, 10, 22)


def test_the_demo_has_published_scheduled_and_unpublished_articles(demo):
    assert Article.objects.published().count() >= 40
    scheduled = Article.objects.scheduled().get()
    assert timedelta(days=6) < scheduled.publish_at - timezone.now() <= timedelta(days=7)
    assert Article.objects.filter(status=Status.DRAFT).count() == 3
    assert Article.objects.filter(status=Status.DRAFT, created_by__username="reporter").count() == 3
    assert Article.objects.filter(status=Status.IN_REVIEW).count() == 1
    assert Article.objects.published().filter(is_featured=True).exists()
    recent = timezone.now() - timedelta(days=60)
    assert (
        Article.objects.published().exclude(slug=demo_content.REFERENCE_SLUG).filter(publish_at__lt=recent).count() == 0
    )


def test_every_article_reads_like_news(demo):
    articles = Article.objects.prefetch_related("bylines", "tags")
    for article in articles:
        assert article.standfirst, article
        assert 1 <= len(article.bylines.all()) <= 2, article
        assert article.tags.all(), article
        assert len(re.findall(r"<p>", article.body)) >= 4, article
        assert "{" not in article.body, article  # every template placeholder was filled
    with_image = articles.filter(lead_image__isnull=False).count()
    assert with_image > articles.count() * 0.75
    assert len({article.body for article in articles}) == articles.count()


def test_corrections_are_on_published_articles(demo):
    corrections = Correction.objects.select_related("article")
    assert corrections.count() == 2
    for correction in corrections:
        assert Article.objects.published().filter(pk=correction.article_id).exists()
        assert correction.created_by.username == "editor"


def test_images_are_credited_pictures_with_renditions(demo):
    for image in Image.objects.prefetch_related("renditions"):
        assert (image.width, image.height) == (1600, 900)
        assert len(image.renditions.all()) == len(SPECS)
        assert image.alt_text
        if image.usage_rights in {UsageRights.AGENCY, UsageRights.LICENSED}:
            assert image.credit
    assert Image.objects.filter(lead_articles__isnull=False).distinct().count() == 10


def test_a_failed_load_leaves_nothing_behind(demo, monkeypatch):
    monkeypatch.setattr(
        demo_content, "SECTIONS", [*demo_content.SECTIONS, {"name": "Sport", "slug": "sport", "position": 6}]
    )
    monkeypatch.setattr(demo_content, "AUTHORS", [*demo_content.AUTHORS, {"name": "New Writer", "slug": "new-writer"}])
    made = {**demo_content.IMAGES["globe"], "title": "A picture made before the failure"}
    broken = {**demo_content.IMAGES["markets"], "title": "Uncredited agency picture", "credit": ""}
    monkeypatch.setattr(demo_content, "IMAGES", {**demo_content.IMAGES, "made": made, "broken": broken})
    files = stored_files()

    with pytest.raises(ValidationError):
        load_demo()

    assert not Section.objects.filter(slug="sport").exists()
    assert not Author.objects.filter(slug="new-writer").exists()
    assert snapshot() == demo.after
    assert stored_files() == files  # the picture and renditions made before the failure are gone too


def test_if_empty_leaves_a_database_with_articles_alone(demo):
    before = snapshot()
    output = load_demo(if_empty=True)
    assert "already holds articles" in output
    assert snapshot() == before
