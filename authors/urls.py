from django.urls import path

from articles.dependencies import FEEDS
from articles.page_cache import cache_for_readers as cached
from articles.urls import AnySlugConverter  # noqa: F401 (registers <anyslug:>)
from authors import views
from authors.feeds import AuthorAtomFeed, AuthorFeed

app_name = "authors"

urlpatterns = [
    path("<anyslug:slug>/", cached(views.author_detail, reads=["page"]), name="detail"),
    path("<anyslug:slug>/rss/", cached(AuthorFeed(), shows=[FEEDS]), name="feed_rss"),
    path("<anyslug:slug>/atom/", cached(AuthorAtomFeed(), shows=[FEEDS]), name="feed_atom"),
]
