from django.urls import path

from articles.feeds import AuthorAtomFeed, AuthorFeed
from authors import views

app_name = "authors"

urlpatterns = [
    path("<slug:slug>/", views.author_detail, name="detail"),
    path("<slug:slug>/rss/", AuthorFeed(), name="feed_rss"),
    path("<slug:slug>/atom/", AuthorAtomFeed(), name="feed_atom"),
]
