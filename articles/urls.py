from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from articles import feeds, view_counter, views
from articles.dependencies import CORRECTIONS, FEEDS, HOME, SEARCH
from articles.page_cache import cache_for_readers as cached


class AnySlugConverter(SlugConverter):
    """A slug in any script (ALLOW_UNICODE_SLUGS, and tags of before it, /tag/台湾/): an ASCII one matches too, and a
    slug nothing has is a 404, or the redirect left where it moved from."""

    # Letters with their marks (हिंदी), which \w leaves out; never a file name (favicon.ico) or a control character
    # (PostgreSQL refuses a NUL in a query).
    regex = r"[^/.\s\x00-\x1f\x7f]+"


class YearConverter:
    """A year as its archive's address writes it, 1 to 9999 with no leading zero: /02025/ is not a second
    address of /2025/, nor a new page-cache entry per zero."""

    regex = r"[1-9][0-9]{0,3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(AnySlugConverter, "anyslug")
register_converter(YearConverter, "year")

app_name = "articles"

urlpatterns = [
    path("", cached(views.home, reads=["page"], shows=[HOME]), name="home"),
    path("search/", cached(views.search, reads=["q", "page"], shows=[SEARCH]), name="search"),
    path("section/<anyslug:slug>/", cached(views.section_detail, reads=["page"]), name="section"),
    path("tag/<anyslug:slug>/", cached(views.tag_detail, reads=["page"]), name="tag"),
    path("<year:year>/", cached(views.archive_year, reads=["page"], shows=[FEEDS]), name="archive_year"),
    path("<year:year>/<str:month>/", cached(views.archive_month, reads=["page"], shows=[FEEDS]), name="archive_month"),
    path(
        "<year:year>/<str:month>/<str:day>/",
        cached(views.archive_day, reads=["page"], shows=[FEEDS]),
        name="archive_day",
    ),
    path("<year:year>/<str:month>/<str:day>/<anyslug:slug>/", cached(views.article_detail), name="detail"),
    path("articles/<int:pk>/view/", view_counter.record_view, name="record_view"),
    path("feeds/rss/", cached(feeds.ArticleFeed(), shows=[FEEDS]), name="feed_rss"),
    path("feeds/atom/", cached(feeds.ArticleAtomFeed(), shows=[FEEDS]), name="feed_atom"),
    path("section/<anyslug:slug>/rss/", cached(feeds.SectionFeed(), shows=[FEEDS]), name="section_feed_rss"),
    path("section/<anyslug:slug>/atom/", cached(feeds.SectionAtomFeed(), shows=[FEEDS]), name="section_feed_atom"),
    path("tag/<anyslug:slug>/rss/", cached(feeds.TagFeed(), shows=[FEEDS]), name="tag_feed_rss"),
    path("tag/<anyslug:slug>/atom/", cached(feeds.TagAtomFeed(), shows=[FEEDS]), name="tag_feed_atom"),
    path("corrections/", cached(views.corrections, reads=["page"], shows=[CORRECTIONS]), name="corrections"),
    path("corrections/rss/", cached(feeds.CorrectionFeed(), shows=[CORRECTIONS]), name="corrections_feed"),
    # Editors' static pages (About, Contact, Corrections policy) at the top level: keep this last.
    path("<anyslug:slug>/", cached(views.page_detail), name="page"),
]
