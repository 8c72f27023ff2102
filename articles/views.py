from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers

from articles.models import Article, Section

PER_PAGE = 20


def paginate(request, queryset, per_page=PER_PAGE):
    """A page of `queryset`; a missing, bad or too-large ?page= gives the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def home(request):
    published = Article.objects.published().for_listing()
    # The newest featured article leads; with none featured, the newest article does.
    lead = published.order_by("-is_featured", "-publish_at").first()
    latest = published.exclude(pk=lead.pk) if lead else published
    return render(request, "articles/home.html", {"lead": lead, "page_obj": paginate(request, latest)})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().filter(section=section).for_listing()
    return render(
        request, "articles/section_detail.html", {"section": section, "page_obj": paginate(request, articles)}
    )


def article_detail(request, year, month, day, slug):
    article = Article.objects.published().for_detail().filter(slug=slug).first()
    is_preview = False
    if article is None:
        # Staff who may edit articles see drafts and scheduled ones as readers will.
        if not request.user.has_perm("articles.change_article"):
            raise Http404("No published article has this address.")
        article = get_object_or_404(Article.objects.for_detail(), slug=slug)
        is_preview = True
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=not is_preview)
    response = render(request, "articles/article_detail.html", {"article": article, "is_preview": is_preview})
    if is_preview:
        add_never_cache_headers(response)
    return response
