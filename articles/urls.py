from django.urls import path

from articles import view_counter, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/view/", view_counter.record_view, name="record_view"),
]
