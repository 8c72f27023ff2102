"""Related articles, worked out when articles are saved (or in bulk by `manage.py compute_related`), not per reading.

An article stores the ids of the articles sharing the most tags with it, then the latest in its section, among
those live or scheduled around its time (Article.related_ids): a few more live ones than are shown, and the
scheduled ones that would rank among them. The page shows the first few of them live at reading time, so one
that is unpublished or expires drops out at once and the next one takes its place, and a scheduled one enters
the block the moment it goes live.
A draft with no date yet is related to the news of the moment. An article going live enters the lists of its own
neighbours (refresh_related); the others catch up at the next `manage.py compute_related`.
"""

import datetime
import heapq
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import TaggedItem

from articles import dependencies, signals
from articles.models import Article

RELATED_WITHIN = datetime.timedelta(days=90)
RELATED_SIZE = 4  # shown
RELATED_KEPT = 8  # stored: the spares replace those no longer live


def _around(moment: datetime.datetime, within: datetime.timedelta):
    """From `within` before `moment` to `within` after it, as far as the calendar goes."""
    utc = moment.astimezone(datetime.UTC)
    first = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    last = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return (utc - within if utc - first > within else first, utc + within if last - utc > within else last)


def rank(article_pk, shared: Counter, published_at: dict, newest_in_section, now: float) -> list[int]:
    """The one ranking rule: most shared tags first (then the newest), then the newest of the section; the first
    RELATED_KEPT live at `now` and the first RELATED_KEPT scheduled, in that order of rank.

    `shared` counts the tags each candidate shares with the article, `published_at` gives each candidate's
    time (a timestamp, as `now`), `newest_in_section` is the section's candidates newest first; all within the
    article's time. The scheduled ones take their place in the block when they go live, without any work."""
    shared.pop(article_pk, None)
    groups = {True: [], False: []}  # live, scheduled
    for pk in shared:
        groups[published_at[pk] <= now].append(pk)

    def by_tags(pk):
        return (-shared[pk], -published_at[pk], -pk)

    best = {live: heapq.nsmallest(RELATED_KEPT, group, key=by_tags) for live, group in groups.items()}
    picked = sorted(best[True] + best[False], key=by_tags)
    room = {live: RELATED_KEPT - len(group) for live, group in best.items()}
    taken = set(picked)
    for pk in newest_in_section:
        live = published_at[pk] <= now
        if live and not room[True]:
            break  # the section's scheduled articles, the newest, are behind: the rest are live too
        if pk != article_pk and room[live] and pk not in taken:
            picked.append(pk)
            taken.add(pk)
            room[live] -= 1
    return picked


def candidates_for(article: Article):
    """What may be related to `article`: live or scheduled, and of its time (news is related to news of its time)."""
    candidates = Article.objects.live_or_scheduled().exclude(pk=article.pk)
    return candidates.filter(publish_at__range=_around(_time_of(article.publish_at), RELATED_WITHIN))


def _time_of(publish_at):
    """An article's time: its publication, or for a draft with none yet, now (it is saved again when published)."""
    return publish_at or timezone.now()


def related_ids_for(article: Article) -> list[int]:
    """The ids of the articles most related to `article`, most related first, in four small indexed queries."""
    now = timezone.now()
    candidates = candidates_for(article)
    tag_ids = list(article.tags.values_list("pk", flat=True))
    shared, published_at = Counter(), {}
    if tag_ids:
        for pk, moment in candidates.filter(tags__in=tag_ids).values_list("pk", "publish_at"):
            shared[pk] += 1
            published_at[pk] = moment.timestamp()
    # The section's newest, scheduled then live (the scheduled are the newer); enough for some already ranked.
    newest = candidates.filter(section_id=article.section_id).order_by("-publish_at", "-pk")
    in_section = [
        *newest.filter(publish_at__gt=now).values_list("pk", "publish_at")[: 2 * RELATED_KEPT],
        *newest.filter(publish_at__lte=now).values_list("pk", "publish_at")[: 2 * RELATED_KEPT],
    ]
    published_at.update((pk, moment.timestamp()) for pk, moment in in_section)
    return rank(article.pk, shared, published_at, [pk for pk, _ in in_section], now.timestamp())


def store_related(articles) -> list[int]:
    """Work out and store the related ids of `articles`; the ids of those whose list changed."""
    changed = []
    for article in articles:
        ids = related_ids_for(article)
        if ids != article.related_ids:
            Article.objects.filter(pk=article.pk).update(related_ids=ids)
            article.related_ids = ids
            changed.append(article.pk)
    related_changed(changed)
    return changed


def related_changed(article_ids) -> None:
    """The pages of `article_ids` show another related block: purge them (an UPDATE sends no signal)."""
    if article_ids:
        signals.changed({dependencies.article(pk) for pk in article_ids})


class Archive:
    """Every live or scheduled article's time, section and tags, read in two queries: the related lists of any
    number of articles, by rank(), without a query per article (`manage.py compute_related`)."""

    def __init__(self):
        self.now = timezone.now().timestamp()
        articles = Article.objects.live_or_scheduled().values_list("pk", "section_id", "publish_at")
        rows = sorted((moment.timestamp(), pk, section_id) for pk, section_id, moment in articles)
        self.published_at = {pk: moment for moment, pk, _ in rows}
        self.tags = defaultdict(list)  # every article's tags, live or not
        tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
        for article_pk, tag_pk in tagged.values_list("object_id", "tag_id").iterator(chunk_size=10_000):
            self.tags[article_pk].append(tag_pk)
        # Timelines, oldest first: (times, ids) of each section's and each tag's articles.
        self.by_section, self.by_tag = defaultdict(lambda: ([], [])), defaultdict(lambda: ([], []))
        for moment, pk, section_id in rows:
            for times, ids in (self.by_section[section_id], *(self.by_tag[tag] for tag in self.tags[pk])):
                times.append(moment)
                ids.append(pk)

    def related_ids_for(self, pk, section_id, publish_at) -> list[int]:
        """As related_ids_for(article), from what was read."""
        start, end = (moment.timestamp() for moment in _around(_time_of(publish_at), RELATED_WITHIN))
        shared = Counter()
        for tag_pk in self.tags.get(pk, ()):
            times, ids = self.by_tag[tag_pk]
            shared.update(ids[bisect_left(times, start) : bisect_right(times, end)])
        times, ids = self.by_section[section_id]
        newest = (ids[index] for index in range(bisect_right(times, end) - 1, bisect_left(times, start) - 1, -1))
        return rank(pk, shared, self.published_at, newest, self.now)


def refresh_related(article: Article) -> list[int]:
    """After `article` was saved: its own list, and, when readers see it or will, the lists of the articles in
    its list, which it most likely belongs in. The ids of the articles whose list changed."""
    changed = store_related([article])
    if article.related_ids and Article.objects.live_or_scheduled().filter(pk=article.pk).exists():
        changed += store_related(
            Article.objects.filter(pk__in=article.related_ids).only("pk", "publish_at", "section", "related_ids")
        )
    return changed


def related_cards(article: Article, cards) -> list[Article]:
    """The first RELATED_SIZE of `article`'s stored related articles found among `cards` (live ones), in order."""
    by_id = {card.pk: card for card in cards}
    return [by_id[pk] for pk in article.related_ids if pk in by_id][:RELATED_SIZE]
