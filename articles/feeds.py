"""RSS 2.0 and Atom feeds of published articles: the whole site, a section, a tag (an author's: authors.feeds)."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import get_text_list

from articles.local_times import to_the_second
from articles.models import Article, Correction, Section
from common.dependencies import image_keys, shown
from media.renditions import get_rendition

FEED_LENGTH = 50
IMAGE_SPEC = "w800-jpeg"
MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"


class MediaContentMixin:
    """Writes the lead image as Media RSS <media:content>, which feed readers show as the item's picture."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            handler.startElement("media:content", image["attributes"])
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            if image["description"]:
                handler.addQuickElement("media:description", image["description"])
            handler.endElement("media:content")


class RssWithMedia(MediaContentMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NS}


class AtomWithMedia(MediaContentMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}


class ArticleFeed(Feed):
    """The latest published articles of the whole site; subclasses narrow it to a section, tag or author."""

    feed_type = RssWithMedia

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request: the enclosure URLs need this request's host, so keep it on a copy.
        feed = copy.copy(self)
        feed.request = request
        return super(ArticleFeed, feed).__call__(request, *args, **kwargs)

    def filter_articles(self, articles, obj):
        return articles

    def items(self, obj):
        articles = Article.objects.published().for_listing().prefetch_related("tags")
        return self.filter_articles(articles, obj).order_by("-publish_at", "-pk")[:FEED_LENGTH]

    def title(self, obj):
        return settings.SITE_NAME if obj is None else f"{obj} — {settings.SITE_NAME}"

    def link(self, obj):
        return reverse("articles:home")

    def about(self, obj):
        return f"The latest articles from {settings.SITE_NAME}."

    def description(self, obj):
        # Feed readers render RSS descriptions as HTML: a section called "<b>World" must stay text.
        return escape(self.about(obj))

    def subtitle(self, obj):
        return self.about(obj)  # Atom's name for the description, plain text

    def author_name(self, obj):
        # Atom wants an author for the feed when an entry has none (an article without a byline).
        return settings.SITE_NAME

    def item_title(self, article):
        # Escaped once, by the XML writer: Django's default escapes twice, which readers show as "Q&amp;A".
        return article.headline

    def item_description(self, article):
        # RSS <description> and Atom <summary type="html"> are HTML; the standfirst is plain text.
        return escape(article.standfirst)

    def item_pubdate(self, article):
        return to_the_second(article.publish_at)

    def item_updateddate(self, article):
        # A typo fix changes updated_at but is not news to a feed reader.
        return to_the_second(article.modified_at)

    def item_author_name(self, article):
        # The article's authors are its reporters; photographers, editors and translators are credited on the page.
        names = [author.name for author in article.reporters]
        return get_text_list(names, "and") if names else None

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_enclosures(self, article):
        # Feeds go to third parties: only pictures whose licence allows it and whose rights are current.
        if article.lead_image is None or not article.lead_image.shareable:
            return []
        rendition = get_rendition(article.lead_image, IMAGE_SPEC)
        return [Enclosure(self.request.build_absolute_uri(rendition.url), str(rendition.file.size), "image/jpeg")]

    def item_extra_kwargs(self, article):
        image = article.lead_image
        if image is not None:
            shown(*image_keys(image))
        if image is None or not image.shareable:
            return {}
        rendition = get_rendition(image, IMAGE_SPEC)
        attributes = {
            "url": self.request.build_absolute_uri(rendition.url),
            "type": "image/jpeg",
            "medium": "image",
            "width": str(rendition.width),
            "height": str(rendition.height),
        }
        return {"image": {"attributes": attributes, "credit": image.credit, "description": article.caption}}


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def filter_articles(self, articles, section):
        return articles.filter(section=section)

    def link(self, section):
        return section.get_absolute_url()

    def about(self, section):
        return section.description or f"The latest {section.name} articles from {settings.SITE_NAME}."


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published().tags(), slug=slug)

    def filter_articles(self, articles, tag):
        return articles.filter(tags=tag)

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def about(self, tag):
        return f"The latest articles tagged {tag.name} from {settings.SITE_NAME}."


class ArticleAtomFeed(ArticleFeed):
    feed_type = AtomWithMedia


class SectionAtomFeed(SectionFeed):
    feed_type = AtomWithMedia


class TagAtomFeed(TagFeed):
    feed_type = AtomWithMedia


class CorrectionFeed(Feed):
    """The newest corrections, clarifications, updates, editor's notes and retractions, as on /corrections/."""

    feed_type = Rss201rev2Feed

    def items(self):
        return Correction.objects.for_listing()[:FEED_LENGTH]

    def title(self):
        return f"Corrections — {settings.SITE_NAME}"

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return escape(f"Corrections and updates to articles published by {settings.SITE_NAME}.")

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_description(self, correction):
        return escape(correction.text)

    def item_link(self, correction):
        return correction.article.get_absolute_url()

    def item_guid(self, correction):
        # Several corrections share their article's address: each needs an identity of its own.
        return f"{correction.article.get_absolute_url()}#correction-{correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return to_the_second(correction.created_at)
