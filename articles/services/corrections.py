"""Corrections, clarifications and updates: dated notes to readers, added and never edited afterwards."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from articles.models import Article, Correction, CorrectionKind


@transaction.atomic
def correction_add(*, article: Article, by, text: str, kind: str = CorrectionKind.CORRECTION) -> Correction:
    if not by.has_perm("articles.add_correction"):
        raise PermissionDenied("You do not have permission to add corrections.")
    correction = Correction(article=article, kind=kind, text=text, created_by=by)
    correction.full_clean()
    correction.save()
    if kind == CorrectionKind.UPDATE and article.has_gone_out:
        # An update note tells readers the story moved on, so it is a significant update: the
        # "Updated" line, dateModified, lastmod and feeds agree with the note. Corrections and
        # clarifications fix the record without new developments and leave those dates alone.
        # The version moves too, so an edit form opened before this cannot write the old date back.
        Article.objects.filter(pk=article.pk).update(
            significantly_updated_at=correction.created_at, version=F("version") + 1
        )
        article.refresh_from_db(fields=["significantly_updated_at", "version"])
    return correction
