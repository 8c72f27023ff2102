from django.urls import path

from articles.feeds import AuthorAtomFeed, AuthorFeed
from articles.page_cache import cache_for_readers as cached
from authors import views

app_name = "authors"

urlpatterns = [
    path("<slug:slug>/", cached(views.author_detail, reads=["page"]), name="detail"),
    path("<slug:slug>/rss/", cached(AuthorFeed()), name="feed_rss"),
    path("<slug:slug>/atom/", cached(AuthorAtomFeed()), name="feed_atom"),
]
