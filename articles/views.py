import calendar
import datetime

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from articles import dependencies
from articles.models import Article, Correction, Page, Section
from articles.pagination import paginate
from articles.search import MAX_RANKED, clean_query, search_articles, snippet

RELATED_WITHIN = datetime.timedelta(days=90)
SECTION_BLOCK_SIZE = 4
MOST_READ_SIZE = 5
MOST_READ_DAYS = 30
RELATED_SIZE = 4


def most_read():
    """The most-viewed articles of the last month."""
    since = timezone.now() - datetime.timedelta(days=MOST_READ_DAYS)
    return (
        Article.objects.published()
        .filter(publish_at__gte=since)
        .order_by("-view_count", "-publish_at")[:MOST_READ_SIZE]
    )


def _around(moment: datetime.datetime, within: datetime.timedelta):
    """From `within` before `moment` to `within` after it, as far as the calendar goes."""
    utc = moment.astimezone(datetime.UTC)
    first = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    last = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return (utc - within if utc - first > within else first, utc + within if last - utc > within else last)


def related_articles(article):
    """Published articles sharing the most tags with `article`, then the latest in its section.

    Two small indexed queries and one to load the cards: ranking every article by shared
    tags would read the whole archive.
    """
    published = Article.objects.published().exclude(pk=article.pk)
    if article.publish_at:  # news is related to news of its time
        published = published.filter(publish_at__range=_around(article.publish_at, RELATED_WITHIN))
    tag_ids = [tag.pk for tag in article.tags.all()]
    ids = list(
        published.filter(tags__in=tag_ids)
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-publish_at")
        .values_list("pk", flat=True)[:RELATED_SIZE]
    )
    same_section = published.filter(section_id=article.section_id).exclude(pk__in=ids)
    ids += list(same_section.values_list("pk", flat=True)[:RELATED_SIZE])[: RELATED_SIZE - len(ids)]
    cards = {card.pk: card for card in Article.objects.filter(pk__in=ids).for_listing()}
    return [cards[pk] for pk in ids if pk in cards]


def newest_per_section(exclude_pk=None):
    """The newest few articles of every section, section by section.

    One small indexed query per section (there are a handful), then one for the cards.
    """
    published = Article.objects.published().exclude(pk=exclude_pk)
    sections = list(Section.objects.all())
    ids = []
    for section in sections:
        ids += published.filter(section=section).values_list("pk", flat=True)[:SECTION_BLOCK_SIZE]
    cards = Article.objects.filter(pk__in=ids).for_listing().order_by("-publish_at")
    blocks = {section: [] for section in sections}
    for card in cards:
        blocks[card.section].append(card)
    return [(section, articles) for section, articles in blocks.items() if articles]


def home(request):
    published = Article.objects.published().for_listing()
    # The newest featured article leads; with none featured, the newest article does.
    lead = published.filter(is_featured=True).first() or published.first()
    latest = published.exclude(pk=lead.pk) if lead else published
    page_obj = paginate(request, latest)
    context = {"lead": lead, "page_obj": page_obj}
    if page_obj.number == 1:
        context.update(section_blocks=newest_per_section(lead.pk if lead else None), most_read=most_read())
    return render(request, "articles/home.html", context)


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    dependencies.add(request, [dependencies.section(section.pk)])
    articles = Article.objects.published().filter(section=section).for_listing()
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page_obj": paginate(request, articles), "current_section": section.slug},
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Article.objects.published().tags(), slug=slug)
    dependencies.add(request, [dependencies.tag(tag.pk)])
    articles = Article.objects.published().filter(tags=tag).for_listing()
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": paginate(request, articles)})


def _day(year, month=1, day=1) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Http404("No such date.") from error


def _two_digits(value):
    if len(value) != 2 or not value.isdigit():
        raise Http404("No such date.")
    return int(value)


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight starting `day` in the newsroom's zone, in UTC; at the calendar's ends, as far as it goes.

    Midnight on 1 January of year 1 in Kolkata is still year 0 in UTC, which no datetime can hold.
    """
    try:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time())).astimezone(datetime.UTC)
    except OverflowError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _days(first: datetime.date, last: datetime.date):
    """From the start of `first` to the end of `last`, for an archive page."""
    end = _start_of(last + datetime.timedelta(days=1)) if last < datetime.date.max else None
    return _start_of(first), end


def _archive(request, start, end, title, level):
    articles = Article.objects.published().filter(publish_at__gte=start)
    if end is not None:
        articles = articles.filter(publish_at__lt=end)
    page_obj = paginate(request, articles.for_listing())
    if not page_obj.object_list:
        raise Http404("Nothing was published then.")
    return render(request, "articles/archive.html", {"title": title, "level": level, "page_obj": page_obj})


def archive_year(request, year):
    first = _day(year)
    return _archive(request, *_days(first, first.replace(month=12, day=31)), str(year), "year")


def archive_month(request, year, month):
    first = _day(year, _two_digits(month))
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return _archive(request, *_days(first, last), f"{first:%B} {first.year}", "month")


def archive_day(request, year, month, day):
    first = _day(year, _two_digits(month), _two_digits(day))
    return _archive(request, *_days(first, first), f"{first:%A} {first.day} {first:%B} {first.year}", "day")


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
    dependencies.add(request, [dependencies.article(article.pk), dependencies.card(article.pk)])
    context = {
        "article": article,
        # Its address, not this request's: a cached page must not pass on one reader's query string.
        "share_url": request.build_absolute_uri(article.get_absolute_url()),
        "is_preview": is_preview,
        "related": related_articles(article),
        "most_read": most_read(),
        "current_section": article.section.slug,
    }
    response = render(request, "articles/article_detail.html", context)
    if is_preview:
        add_never_cache_headers(response)
    return response


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_obj = paginate(request, search_articles(query).for_listing()) if query else None
    results = [(article, snippet(article, query)) for article in page_obj] if page_obj else []
    context = {"query": query, "page_obj": page_obj, "results": results, "max_ranked": MAX_RANKED}
    return render(request, "articles/search.html", context)


def corrections(request):
    """Every correction to a published article, newest first, each linking to its article."""
    page_obj = paginate(request, Correction.objects.for_listing())
    return render(request, "articles/corrections.html", {"page_obj": page_obj})


def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug, is_published=True)
    dependencies.add(request, [dependencies.page(page.pk)])
    return render(request, "articles/page_detail.html", {"page": page})
