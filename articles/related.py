"""Related articles, worked out when articles are saved (or in bulk by `manage.py compute_related`), not per reading.

An article stores the ids of the articles sharing the most tags with it, then the latest in its section, among
those live or scheduled around its time (Article.related_ids): a few more live ones than are shown, and the
scheduled ones that would rank among them. The page shows the first few of them live at reading time, so one
that is unpublished or expires drops out at once and the next one takes its place, and a scheduled one enters
the block the moment it goes live.
An article going live enters the lists of its own neighbours (refresh_related); the others catch up at the next
`manage.py compute_related`.
"""

import datetime
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import chain

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


def rank(article_pk, shared: Counter, published_at: dict, newest_in_section, now) -> list[int]:
    """The one ranking rule: most shared tags first (then the newest), then the newest of the section; the first
    RELATED_KEPT live at `now` and the first RELATED_KEPT scheduled, in that order of rank.

    `shared` counts the tags each candidate shares with the article, `published_at` gives each candidate's
    time, `newest_in_section` is the section's candidates newest first; all within the article's time. The
    scheduled ones take their place in the block when they go live, without any work."""
    by_tags = sorted(shared, key=lambda pk: (-shared[pk], -published_at[pk].timestamp(), -pk))
    picked, room = [], {True: RELATED_KEPT, False: RELATED_KEPT}  # live, scheduled
    for pk in chain(by_tags, newest_in_section):
        live = published_at[pk] <= now
        if pk != article_pk and room[live] and pk not in picked:
            picked.append(pk)
            room[live] -= 1
            if not any(room.values()):
                break
    return picked


def candidates_for(article: Article):
    """What may be related to `article`: live or scheduled, and of its time (news is related to news of its time)."""
    candidates = Article.objects.live_or_scheduled().exclude(pk=article.pk)
    if article.publish_at:
        candidates = candidates.filter(publish_at__range=_around(article.publish_at, RELATED_WITHIN))
    return candidates


def related_ids_for(article: Article) -> list[int]:
    """The ids of the articles most related to `article`, most related first, in four small indexed queries."""
    now = timezone.now()
    candidates = candidates_for(article)
    tag_ids = list(article.tags.values_list("pk", flat=True))
    shared, published_at = Counter(), {}
    if tag_ids:
        for pk, moment in candidates.filter(tags__in=tag_ids).values_list("pk", "publish_at"):
            shared[pk] += 1
            published_at[pk] = moment
    # The section's newest, scheduled then live (the scheduled are the newer); enough for some already ranked.
    newest = candidates.filter(section_id=article.section_id).order_by("-publish_at", "-pk")
    in_section = [
        *newest.filter(publish_at__gt=now).values_list("pk", "publish_at")[: 2 * RELATED_KEPT],
        *newest.filter(publish_at__lte=now).values_list("pk", "publish_at")[: 2 * RELATED_KEPT],
    ]
    published_at.update(in_section)
    return rank(article.pk, shared, published_at, [pk for pk, _ in in_section], now)


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
        self.now = timezone.now()
        rows = list(Article.objects.live_or_scheduled().values_list("pk", "section_id", "publish_at"))
        self.published_at = {pk: moment for pk, _, moment in rows}
        self.tags = defaultdict(list)  # every article's tags, live or not
        tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
        for article_pk, tag_pk in tagged.values_list("object_id", "tag_id").iterator(chunk_size=10_000):
            self.tags[article_pk].append(tag_pk)
        self.by_section, self.by_tag = defaultdict(list), defaultdict(list)  # (time, id), oldest first
        for pk, section_id, moment in rows:
            self.by_section[section_id].append((moment.timestamp(), pk))
            for tag_pk in self.tags[pk]:
                self.by_tag[tag_pk].append((moment.timestamp(), pk))
        for timeline in (*self.by_section.values(), *self.by_tag.values()):
            timeline.sort()

    def related_ids_for(self, pk, section_id, publish_at) -> list[int]:
        """As related_ids_for(article), from what was read."""
        if publish_at:
            start, end = (moment.timestamp() for moment in _around(publish_at, RELATED_WITHIN))
        else:
            start, end = -math.inf, math.inf
        shared = Counter()
        for tag_pk in self.tags.get(pk, ()):
            shared.update(other for _, other in _between(self.by_tag[tag_pk], start, end))
        newest = _newest_first(self.by_section[section_id], start, end)
        return rank(pk, shared, self.published_at, newest, self.now)


def _bounds(timeline, start, end):
    return bisect_left(timeline, (start, -math.inf)), bisect_right(timeline, (end, math.inf))


def _between(timeline, start, end):
    first, after = _bounds(timeline, start, end)
    return timeline[first:after]


def _newest_first(timeline, start, end):
    first, after = _bounds(timeline, start, end)
    return (timeline[index][1] for index in range(after - 1, first - 1, -1))


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
