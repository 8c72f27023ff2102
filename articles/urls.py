from django.urls import path

from articles import feeds, view_counter, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("<int:year>/", views.archive_year, name="archive_year"),
    path("<int:year>/<str:month>/", views.archive_month, name="archive_month"),
    path("<int:year>/<str:month>/<str:day>/", views.archive_day, name="archive_day"),
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/view/", view_counter.record_view, name="record_view"),
    path("feeds/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("section/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("tag/<slug:slug>/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("tag/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    # Editors' static pages (About, Contact, Corrections policy) at the top level: keep this last.
    path("<slug:slug>/", views.page_detail, name="page"),
]
