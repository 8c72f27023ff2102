"""The fixed vocabularies of articles: workflow status, what readers see, byline roles, kinds of correction."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Visibility(models.TextChoices):
    """Where one article stands as readers see it: the one-article twin of published() and scheduled()."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Published"
    EXPIRED = "expired", "Expired"
    ARCHIVED = "archived", "Archived"
    # Published with no time set: only a raw database edit makes one, and readers never see it.
    UNDATED = "undated", "Published without a time"


class BylineRole(models.TextChoices):
    REPORTER = "reporter", "Reporter"
    PHOTOGRAPHER = "photographer", "Photographer"
    EDITOR = "editor", "Editor"
    TRANSLATOR = "translator", "Translator"


BYLINE_LABELS = {
    BylineRole.REPORTER: "By",
    BylineRole.PHOTOGRAPHER: "Photos:",
    BylineRole.TRANSLATOR: "Translated by",
    BylineRole.EDITOR: "Edited by",
}


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"
    EDITORS_NOTE = "editors_note", "Editor’s note"
    RETRACTION = "retraction", "Retraction"


# Shown above the article body; the other kinds go in the "Corrections and updates" box at the bottom.
CORRECTION_KINDS_ON_TOP = {CorrectionKind.EDITORS_NOTE, CorrectionKind.RETRACTION}
