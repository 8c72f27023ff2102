"""What `make bench` runs in `manage.py shell` against the bench database: the addresses and words to request, and
the admin it logs in as."""

ADMIN_USERNAME = "bench-admin"

# Runs in `manage.py shell` against the bench database: the addresses and words to request.
SITE_FACTS = """
import collections, json, re
from django.db.models import Count
from articles.models import Article, Section

published = Article.objects.published()
fields = ("slug", "publish_at", "created_at")
sampled = list(published.order_by("?").only(*fields)[:{sample}])
sample = [a.get_absolute_url() for a in sampled]
newest = published.order_by("-publish_at").only(*fields).first()
section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
day = list(published.order_by("?").only(*fields)[:{day}])
headlines = published.order_by("?").values_list("headline", flat=True)[:3000]
stop = {{"about", "after", "again", "their", "there", "these", "those", "which", "while", "where", "would", "could",
        "should", "other", "under", "being", "before", "between", "through", "against"}}
words = collections.Counter(w.lower() for h in headlines for w in re.findall(r"[A-Za-z]{{5,}}", h))
print(json.dumps({{
    "articles": Article.objects.count(),
    "published": published.count(),
    "newest": newest.get_absolute_url() if newest else None,
    "sample": sample,
    "sample_ids": [a.pk for a in sampled],
    "newest_id": newest.pk if newest else None,
    "section": section.get_absolute_url() if section else None,
    "words": [w for w, _ in words.most_common(300) if w not in stop][:200],
    "day": [a.get_absolute_url() for a in day],
    "day_ids": [a.pk for a in day],
}}))
"""

MAKE_ADMIN = f"""
import os
from django.contrib.auth import get_user_model

user, _ = get_user_model().objects.get_or_create(username="{ADMIN_USERNAME}")
user.is_staff = user.is_superuser = True
user.set_password(os.environ["BENCH_ADMIN_PASSWORD"])
user.save()
"""
