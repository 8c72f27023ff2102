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


class Webhook(models.Model):
    """An endpoint told when articles are published, updated significantly, corrected or taken down."""

    class Event(models.TextChoices):
        PUBLISHED = "published", "Published (or went live at its time)"
        UPDATED = "updated", "Updated significantly (or an update note added)"
        CORRECTED = "corrected", "Corrected (a correction, clarification, editor’s note or retraction)"
        TAKEN_DOWN = "taken_down", "Unpublished, expired or deleted"

    name = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500, help_text="https:// only, outside private networks.")
    secret = models.CharField(
        max_length=64, editable=False, help_text="Signs each delivery (X-Newsroom-Signature); give it to the receiver."
    )
    events = models.JSONField(default=list, help_text="What it is told about.")
    is_active = models.BooleanField("active", default=True)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint: sent at once, then again after growing pauses until it is answered 2xx."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=Webhook.Event.choices)
    article_id = models.BigIntegerField()
    body = models.TextField(help_text="The JSON sent, the same bytes each attempt.")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_event_display()}: article {self.article_id} to {self.webhook}"


class EventScan(models.Model):
    """How far the minute's scan for articles that went live or expired at their set time has looked (one row)."""

    scanned_until = models.DateTimeField()

    def __str__(self):
        return f"scanned until {self.scanned_until:%Y-%m-%d %H:%M:%S}"
