"""sitemap.xml (articles, sections, tags; authors: authors.sitemaps) and the Google News sitemap, of published
articles only."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from articles.local_times import to_the_second
from articles.models import Article, Section
from common.dependencies import image_keys, shown
from media.models import Rendition

IMAGE_SPEC = "w1600-jpeg"

# The sitemaps protocol allows 50,000 URLs in one file; the index links the further pages.
PROTOCOL_LIMIT = 50_000
# Google News reads articles of the last two days, at most 1,000 in one sitemap.
NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1_000


def newest_publish_at(**lookups):
    """When the newest published article matching `lookups` went out, as a subquery for annotate()."""
    return Subquery(Article.objects.published().filter(**lookups).order_by("-publish_at").values("publish_at")[:1])


class ArticleSitemap(Sitemap):
    """Articles, each with its lead picture (Google's image extension, templates/sitemap.xml) when it may be shared."""

    limit = PROTOCOL_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .select_related("lead_image__agency")
            .prefetch_related(Prefetch("lead_image__renditions", queryset=Rendition.objects.filter(spec=IMAGE_SPEC)))
            .only(
                "slug",
                "publish_at",
                "created_at",
                "significantly_updated_at",
                "lead_image__rights_expire_at",
                "lead_image__agency__may_redistribute",
            )
            .order_by("-publish_at", "-pk")
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            image = url["item"].lead_image
            if image is not None:
                shown(*image_keys(image))
            # A search engine is a third party: only pictures whose licence and rights allow it. A rendition not
            # made yet is left out rather than made here, for 50,000 articles at a time.
            renditions = image.renditions.all() if image is not None and image.shareable else []
            url["images"] = [
                rendition.url if "://" in rendition.url else f"{protocol}://{domain}{rendition.url}"
                for rendition in renditions
            ]
        return urls

    def lastmod(self, article):
        # Not updated_at: a typo fix is no reason for a crawler to come back.
        return to_the_second(article.modified_at)

    def get_latest_lastmod(self):
        latest = Max(Coalesce("significantly_updated_at", "publish_at"))
        return to_the_second(Article.objects.published().aggregate(latest=latest)["latest"])


class ListingSitemap(Sitemap):
    """Pages that list articles, when they list at least one; changed when the newest of them went out."""

    limit = PROTOCOL_LIMIT

    def listings(self):
        raise NotImplementedError

    def items(self):
        return self.listings().filter(newest_publish_at__isnull=False).order_by("pk")

    def lastmod(self, listing):
        return to_the_second(listing.newest_publish_at)

    def get_latest_lastmod(self):
        return to_the_second(self.items().aggregate(latest=Max("newest_publish_at"))["latest"])


class SectionSitemap(ListingSitemap):
    def listings(self):
        return Section.objects.annotate(newest_publish_at=newest_publish_at(section=OuterRef("pk")))


class TagSitemap(ListingSitemap):
    def listings(self):
        return Article.objects.published().tags().annotate(newest_publish_at=newest_publish_at(tags=OuterRef("pk")))

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class NewsSitemap(Sitemap):
    """Articles published in the last 48 hours, for Google News (templates/sitemaps/news.xml)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("headline", "slug", "publish_at", "created_at", "significantly_updated_at")
            .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return to_the_second(article.modified_at)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
}
