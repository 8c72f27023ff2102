"""Where articles show library pictures, registered with media.places by ArticlesConfig.ready()."""

from articles.models import Article
from articles.querysets import PICTURE_FIELDS
from media.places import PublicPlace


def published_showing(image_ids):
    """{image id: [published articles showing it, as lead image or in the body]}, in one query."""
    return Article.objects.published().only("headline", "slug", "publish_at", "created_at").showing(image_ids)


def describe(articles):
    if not articles:
        return ["Not on any published article."]
    return ["On published articles:", *(f"  {article.headline}: {article.get_absolute_url()}" for article in articles)]


ARTICLES = PublicPlace(
    label="published or scheduled articles",
    holders=lambda: Article.objects.live_or_scheduled(),
    image_fields=PICTURE_FIELDS,
    publish_time=lambda article: article.publish_at,
    shown_now=published_showing,
    describe=describe,
    expired_is_an_error=True,
)
