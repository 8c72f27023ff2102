from django.urls import path

from articles.dependencies import FEEDS
from articles.page_cache import cache_for_readers as cached
from authors import views
from authors.feeds import AuthorAtomFeed, AuthorFeed

app_name = "authors"

urlpatterns = [
    path("<slug:slug>/", cached(views.author_detail, reads=["page"]), name="detail"),
    path("<slug:slug>/rss/", cached(AuthorFeed(), shows=[FEEDS]), name="feed_rss"),
    path("<slug:slug>/atom/", cached(AuthorAtomFeed(), shows=[FEEDS]), name="feed_atom"),
]
