from django.shortcuts import get_object_or_404, render

from articles import dependencies
from articles.models import Article, Byline
from articles.pagination import paginate
from authors.models import Author


def author_detail(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo").prefetch_related("links"), slug=slug)
    dependencies.add(request, [dependencies.author(author.pk)])
    articles = Article.objects.published().filter(authors=author).for_listing()
    counted = Article.objects.published().live_rows(Byline.objects.filter(author=author), "article_id")
    return render(
        request,
        "authors/author_detail.html",
        {"author": author, "page_obj": paginate(request, articles, counted=counted)},
    )
