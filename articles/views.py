import calendar
import datetime
from urllib.parse import unquote

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from taggit.models import TaggedItem

from articles import dependencies
from articles.models import Article, Correction, Page, Section, Visibility
from articles.most_read import MostRead
from articles.navigation import navigation
from articles.pagination import paginate
from articles.related import related_cards
from articles.search import MAX_RANKED, clean_query, search_articles, snippet

SECTION_BLOCK_SIZE = 4


def _newest(cards, count, exclude=None):
    return sorted((card for card in cards if card is not exclude), key=_newest_first)[:count]


def _newest_first(card):
    return (-card.publish_at.timestamp(), -card.pk)


def home_cards(sections):
    """The home page's lead, its section blocks and its most-read block, in one query.

    The newest featured article leads; with none featured, the newest article does. Each section's block is its
    newest few articles but the lead: one more than shown is read, in case the lead is among them."""
    published = Article.objects.published()
    wanted = [published.filter(is_featured=True).values("pk")[:1], published.values("pk")[:1]]
    wanted += [published.filter(section=section).values("pk")[: SECTION_BLOCK_SIZE + 1] for section in sections]
    most_read = MostRead()
    wanted.append(most_read.wanted)
    cards = Article.objects.among(*wanted).for_listing().order_by()
    # The most-read ids this process holds may name one taken down since.
    cards = [card for card in cards if card.visibility == Visibility.LIVE]
    featured = [card for card in cards if card.is_featured]
    lead = min(featured or cards, key=_newest_first) if cards else None
    blocks = []
    for section in sections:
        in_section = [card for card in cards if card.section_id == section.pk]
        articles = _newest(in_section, SECTION_BLOCK_SIZE, exclude=lead)
        if articles:
            blocks.append((section, articles))
    return lead, blocks, most_read.among(cards)


def home(request):
    published = Article.objects.published().for_listing()
    lead, section_blocks, most_read = home_cards(navigation(request).sections)
    latest = published.exclude(pk=lead.pk) if lead else published
    page_obj = paginate(request, latest)
    context = {"lead": lead, "page_obj": page_obj}
    if page_obj.number == 1:
        context.update(section_blocks=section_blocks, most_read=most_read)
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
    tagged = TaggedItem.objects.filter(tag=tag, content_type__app_label="articles", content_type__model="article")
    counted = Article.objects.published().live_rows(tagged, "object_id")
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "page_obj": paginate(request, articles, counted=counted)}
    )


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
    if request.path != unquote(article.get_absolute_url()):  # the request's path arrives decoded
        return redirect(article, permanent=not is_preview)
    # Every stored related article, shown or not: one going live, or leaving, changes the block.
    related_keys = [dependencies.card(pk) for pk in article.related_ids]
    dependencies.add(request, [dependencies.article(article.pk), dependencies.card(article.pk), *related_keys])
    # The related articles and the most-read block in one query, looked up by id (by the primary key, whatever
    # the planner makes of published()); of the related ones, those live now.
    most_read = MostRead()
    cards = Article.objects.among(article.related_ids, most_read.wanted).for_listing()
    cards = [card for card in cards.order_by() if card.visibility == Visibility.LIVE]
    context = {
        "article": article,
        # Its address, not this request's: a cached page must not pass on one reader's query string.
        "share_url": request.build_absolute_uri(article.get_absolute_url()),
        "is_preview": is_preview,
        "related": related_cards(article, cards),
        "most_read": most_read.among(cards),
        "current_section": article.section.slug,
    }
    response = render(request, "articles/article_detail.html", context)
    if is_preview:
        add_never_cache_headers(response)
    return response


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_obj = None
    if query:
        found, count = search_articles(query)
        page_obj = paginate(request, found.for_listing(body=True), counted=count)
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
