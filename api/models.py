from django.conf import settings
from django.db import models


class DeletedArticle(models.Model):
    """An article readers had seen, since deleted: partners syncing are told to take it down."""

    article_id = models.BigIntegerField(unique=True)
    section_id = models.BigIntegerField(null=True)  # for keys that read some sections only
    deleted_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"article {self.article_id}, deleted {self.deleted_at:%Y-%m-%d %H:%M}"


class ApiKey(models.Model):
    """A partner's key: which sections it reads, whether with the full text, until when, and how fast.

    The key itself is shown once, when it is made (api.services.api_key_create); only its first characters (to
    find it) and a SHA-256 of the whole (to check it) are kept. A key is 256 random bits, so a fast hash is
    enough: there is nothing to guess from."""

    class Scope(models.TextChoices):
        SUMMARY = "summary", "Summaries (headline, standfirst, byline, pictures)"
        FULL = "full", "Full text"

    name = models.CharField(max_length=200, help_text="Who the key is for, e.g. the partner's name.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.SUMMARY)
    sections = models.ManyToManyField(
        "articles.Section", blank=True, help_text="The sections it reads; none chosen: every section."
    )
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Left empty, the key does not expire.")
    per_minute = models.PositiveIntegerField(
        "requests a minute", default=600, help_text="More within a minute are answered 429 Too Many Requests."
    )
    allowed_origins = models.TextField(
        blank=True,
        help_text="Web pages at these origins (one a line, e.g. https://partner.example) may call the API with "
        "this key from a browser. None by default.",
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def origins(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()]
