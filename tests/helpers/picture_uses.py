"""Where readers see a library picture, and the admin form that changes one."""

from django.utils import timezone

from articles.models import Status
from tests.factories import ArticleFactory, AuthorFactory

USES = ["unused", "draft", "published", "scheduled", "body", "author photo"]


def in_use(image, use):
    """Put `image` where `use` says."""
    later = timezone.now() + timezone.timedelta(days=2)
    if use == "draft":
        ArticleFactory(headline="Harbour draft", status=Status.DRAFT, lead_image=image)
    elif use == "published":
        ArticleFactory(headline="Harbour reopens", lead_image=image)
    elif use == "scheduled":
        ArticleFactory(headline="Harbour tomorrow", publish_at=later, lead_image=image)
    elif use == "body":
        ArticleFactory(headline="Harbour in pictures", body=f'<figure><img data-file="{image.pk}" alt=""></figure>')
    elif use == "author photo":
        AuthorFactory(name="Mei Lin", photo=image)


def change_form(image, **overrides):
    return {
        "title": image.title, "alt_text": image.alt_text, "caption": image.caption, "credit": image.credit,
        "disclaimer": image.disclaimer, "copyright": "", "source_url": "", "usage_rights": image.usage_rights,
        "agency": "", "rights_expire_at_0": "", "rights_expire_at_1": "", "focal_point_x": "", "focal_point_y": "",
        **overrides,
    }  # fmt: skip
