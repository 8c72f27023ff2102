from django.conf import settings
from django.db import models


class RedirectStatus(models.IntegerChoices):
    MOVED = 301, "301 Moved permanently"
    TEMPORARY = 302, "302 Found (temporary)"
    GONE = 410, "410 Gone"


class Origin(models.TextChoices):
    MOVED = "moved", "Content moved"
    EDITOR = "editor", "Added by an editor"
    IMPORT = "import", "Imported"


# Characters, stored decoded: both are indexed, and stay within PostgreSQL's limit for an indexed value in any script.
OLD_PATH_LENGTH = 500
NEW_PATH_LENGTH = 800


class Redirect(models.Model):
    """An address that no longer shows what readers came for: where it went (301, 302) or that it is gone (410).

    Consulted only where the site itself has nothing to show (a 404), so that a redirect never hides a live page."""

    old_path = models.CharField(
        "old address",
        max_length=OLD_PATH_LENGTH,
        unique=True,
        help_text="The address readers arrive at, from its first slash: /2024/05/01/old-slug/ or /?p=123. "
        "A full address (https://old.example.com/…) keeps only its path.",
    )
    new_path = models.CharField(
        "new address",
        max_length=NEW_PATH_LENGTH,
        blank=True,
        help_text="Where readers are sent: an address on this site (/section/asia/) or elsewhere (https://…). "
        "Empty for 410 Gone.",
    )
    status = models.PositiveSmallIntegerField(choices=RedirectStatus.choices, default=RedirectStatus.MOVED)
    reason = models.TextField(
        blank=True,
        help_text="For 410 Gone, what readers are told, e.g. “This article was removed for legal reasons.”",
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR, editable=False)
    hits = models.PositiveBigIntegerField(default=0, editable=False)
    last_hit_at = models.DateTimeField("last hit", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=RedirectStatus.GONE, new_path="")
                | (~models.Q(status=RedirectStatus.GONE) & ~models.Q(new_path="")),
                name="redirect_target_unless_gone",
            )
        ]
        indexes = [
            # Following a chain backwards: what leads to an address that has just moved on.
            models.Index(fields=["new_path"], name="redirect_new_path_idx"),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path or 'gone'}"
