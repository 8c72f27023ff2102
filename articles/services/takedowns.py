"""Taking an article down for good (a legal retraction): off the site, and its address answers 410 Gone with the
reason, rather than a 404 that search engines and readers take for a broken link."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from articles.models import Article
from articles.services.article import article_unpublish
from articles.services.permissions import PUBLISH_REFUSED, can_publish
from redirects.services import address_gone

REASON_REQUIRED = "Say why the article was taken down: readers arriving at its address are told."
NEVER_OUT = "“{}” was never published: unpublish or delete it instead, as no reader has its address."


@transaction.atomic
def article_take_down(*, article: Article, by, reason: str) -> Article:
    if not can_publish(by):
        raise PermissionDenied(PUBLISH_REFUSED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if not article.has_gone_out:
        raise ValidationError(NEVER_OUT.format(article))
    address = article.get_absolute_url()
    article_unpublish(article=article, by=by)
    # The editor's right to unpublish is the right to say why: the redirects manager's permission is not asked.
    address_gone(path=address, reason=reason)
    return article
