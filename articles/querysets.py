"""Named queries over articles: what readers may see, and what a page needs in a fixed number of queries."""

import functools
import operator

from django.db import connections, models
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, JSONObject
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.choices import Status

# Every picture an article shows readers: its lead image and the library pictures in its body.
PICTURE_FIELDS = ("lead_image", "body_image_uses__image")


class JSONList(models.Aggregate):
    """The aggregated values as one JSON list (order not kept: each item carries what sorts it)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def each_as_json(rows, by, **fields):
    """A correlated subquery: the JSON list of `fields` of the `rows` whose `by` is the outer row's pk."""
    return Subquery(
        rows.filter(**{by: OuterRef("pk")})
        .order_by()
        .values(by)
        .annotate(items=JSONList(JSONObject(**fields)))
        .values("items")
    )


def published_at_the_time(now) -> models.Q:
    """An article readers may see at `now`, as a condition on its own row: Article.objects.published()'s, for an
    expression that must say of each row whether it is published (a CASE) without a subquery over every article."""
    return models.Q(
        models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now), status=Status.PUBLISHED, publish_at__lte=now
    )


class ArticleQuerySet(models.QuerySet):
    def among(self, *parts):
        """The articles whose id is in any of `parts` (lists of ids, or querysets of ids that may be sliced), in one
        query that stays cheap however many articles there are.

        PostgreSQL plans an OR of IN conditions as a scan of every article, JIT-compiled at that (over a second
        per page at 100,000 articles): there the parts become one IN over their UNION ALL. SQLite allows no
        LIMIT in a UNION's parts, and plans the OR with its indexes."""
        ids = [
            self.model.objects.filter(pk__in=part).order_by().values("pk") if isinstance(part, list | set) else part
            for part in parts
        ]
        if connections[self.db].vendor == "postgresql":
            return self.filter(pk__in=ids[0].union(*ids[1:], all=True))
        return self.filter(functools.reduce(operator.or_, (models.Q(pk__in=part) for part in ids)))

    def published(self):
        """The only definition of what readers may see (published_at_the_time): published, its time has come and not
        gone."""
        return self.filter(published_at_the_time(timezone.now()))

    def scheduled(self):
        """Published articles whose time has not come yet."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def gone_out(self):
        """Articles readers have seen: first published at a time that has come (Article.has_gone_out's twin), live
        or not any more (expired, unpublished)."""
        return self.filter(first_published_at__lte=timezone.now())

    def with_changed_at(self):
        """Annotate `changed_at`: when what readers see of the article last changed, the latest of its last save, the
        moment it went live and the moment it expired, of those that have come. An article going live or expiring
        at a set time changes then, though no row is written."""
        now = timezone.now()

        def when_come(field):
            come = models.Case(models.When(**{f"{field}__lte": now}, then=models.F(field)))
            # SQLite's MAX() of several values is NULL when any is: a moment not come counts as the last save.
            return Coalesce(come, models.F("updated_at"), output_field=models.DateTimeField())

        return self.annotate(changed_at=Greatest("updated_at", when_come("publish_at"), when_come("expire_at")))

    def changed_from(self, moment):
        """The articles whose changed_at (with_changed_at) is at `moment` or later, said so that the indexes on
        updated_at, publish_at and expire_at find them, rather than by working out changed_at for every article."""
        now = timezone.now()
        return self.filter(
            models.Q(updated_at__gte=moment)
            | models.Q(publish_at__gte=moment, publish_at__lte=now)
            | models.Q(expire_at__gte=moment, expire_at__lte=now)
        )

    def went_live_between(self, since, until):
        """Articles that went live on their own, at a time set before, after `since` and by `until` (one published
        by a save was seen by the save)."""
        came = self.filter(status=Status.PUBLISHED, publish_at__gt=since, publish_at__lte=until)
        return came.filter(publish_at__gt=models.F("updated_at"))

    def expired_between(self, since, until):
        """Articles that expired on their own, at a time set before, after `since` and by `until`."""
        ended = self.filter(status=Status.PUBLISHED, expire_at__gt=since, expire_at__lte=until)
        return ended.filter(expire_at__gt=models.F("updated_at"))

    def live_or_scheduled(self):
        """What readers see now, or will at a set time: the articles whose pictures must stay publishable."""
        return self.published() | self.scheduled()

    def showing(self, image_ids) -> dict[int, list]:
        """{image id: [these articles that show it, as lead image or in the body, in this queryset's order]} for the
        images of `image_ids`, in one query."""
        wanted = set(image_ids)
        shown_as = {f"shown_as_{n}": models.F(field) for n, field in enumerate(PICTURE_FIELDS)}
        showing_any = functools.reduce(operator.or_, (models.Q(**{f"{field}__in": wanted}) for field in PICTURE_FIELDS))
        found = {}
        for article in self.filter(showing_any).annotate(**shown_as):
            for name in shown_as:
                image_id = getattr(article, name)
                if image_id in wanted and article not in found.setdefault(image_id, []):
                    found[image_id].append(article)
        return found

    def live_rows(self, rows, column):
        """`rows` (of a through table) whose `column` names one of these articles: counted from the rows' side."""
        return rows.filter(Exists(self.filter(pk=OuterRef(column))))

    def tags(self):
        """The tags these articles carry; `Article.objects.published().tags()` are the only tags readers see."""
        return Tag.objects.filter(Exists(self.filter(tags=OuterRef("pk"))))

    def for_listing(self, *, body=False):
        """What a card shows (section, lead image with its renditions, bylines as JSON) in one query; the body, most
        of an article's bytes, only when asked for (a search result's extract)."""
        byline = self.model.bylines.field.model
        bylines = each_as_json(
            byline.objects.all(), "article", pk="pk", position="position", role="role",
            author_id="author_id", name="author__name", slug="author__slug",
        )  # fmt: skip
        listed = self.select_related("section", "lead_image__agency").annotate(bylines_json=bylines)
        return listed if body else listed.defer("body")

    def for_detail(self):
        """Everything the article page shows in one query; its corrections, when it has some, in another."""
        tags = each_as_json(
            TaggedItem.objects.filter(content_type__app_label="articles", content_type__model="article"),
            "object_id", id="tag_id", name="tag__name", slug="tag__slug",
        )  # fmt: skip
        return self.for_listing(body=True).annotate(tags_json=tags)


def bylines_read(article, byline):
    """The `byline` rows for_listing() read as JSON, in order, with their authors, built without a query."""
    author = byline._meta.get_field("author").related_model
    rows = sorted(article.bylines_json or [], key=lambda row: (row["position"], row["pk"]))
    return [
        byline(
            pk=row["pk"], article_id=article.pk, position=row["position"], role=row["role"],
            author=author(pk=row["author_id"], name=row["name"], slug=row["slug"]),
        )
        for row in rows
    ]  # fmt: skip


def tags_read(article):
    """The tags for_detail() read as JSON, oldest tag first, built without a query."""
    rows = sorted(article.tags_json or [], key=lambda row: row["id"])
    return [Tag(pk=row["id"], name=row["name"], slug=row["slug"]) for row in rows]


class CorrectionQuerySet(models.QuerySet):
    def delete(self):
        """Delete, and count again the corrections of the articles that had these (Article.correction_count)."""
        article_ids = set(self.values_list("article_id", flat=True))
        deleted = super().delete()
        self.count_for(article_ids)
        return deleted

    def count_for(self, article_ids):
        """Set the correction_count of the articles of `article_ids` from their corrections."""
        article = self.model.article.field.related_model
        counted = self.model.objects.filter(article=OuterRef("pk")).order_by().values("article")
        article.objects.filter(pk__in=article_ids).update(
            correction_count=Coalesce(Subquery(counted.annotate(n=models.Count("pk")).values("n")), 0),
            updated_at=timezone.now(),
        )

    def for_listing(self):
        """The corrections page: each entry with its published article, newest first, in one query."""
        article = self.model.article.field.related_model
        return (
            self.filter(article__in=article.objects.published())
            .select_related("article")
            .order_by("-created_at", "-pk")
        )
