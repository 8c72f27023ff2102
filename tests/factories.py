"""Factories for the test suite: real rows, real image files made with Pillow."""

import io

import factory
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Byline, Correction, Section, Status
from authors.models import Author
from media.models import Image, UsageRights


def image_bytes(width=640, height=360, fmt="JPEG", color=(30, 90, 160), **save_kwargs):
    picture = PILImage.new("RGB", (width, height), color)
    out = io.BytesIO()
    picture.save(out, fmt, **save_kwargs)
    return out.getvalue()


def image_upload(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


# Every way an article can be hidden from readers, for tests that check each one.
UNPUBLISHED_STATES = {
    "draft": {"status": Status.DRAFT},
    "in-review": {"status": Status.IN_REVIEW},
    "archived": {"status": Status.ARCHIVED},
    "scheduled": {"publish_at": timezone.now() + timezone.timedelta(days=30)},
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(image_upload)
    title = factory.Sequence(lambda n: f"Picture {n}")
    alt_text = "A blue rectangle"
    credit = "Reuters"
    disclaimer = "This image is taken from Reuters."
    usage_rights = UsageRights.AGENCY


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.Sequence(lambda n: f"headline-number-{n}")
    standfirst = "What happened, in one sentence."
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    first_published_at = factory.SelfAttribute("publish_at")

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                Byline.objects.create(article=self, author=author, position=position)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misspelt the minister's name."
