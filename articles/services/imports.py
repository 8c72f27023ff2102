"""Writing an imported article: the same save as the admin's, by an Importer, with its credits and corrections."""

import reversion

from articles.models import Article
from articles.services.article import Importer, _article_save
from articles.services.corrections import correction_add
from articles.services.credits import write_bylines, write_tags


def article_import(*, article: Article, by: Importer, bylines=None, tags=None, corrections=None) -> Article:
    """Save `article` as its source has it, with its byline, tags (see article_set_credits) and corrections
    ([(kind, text, created_at)], replacing those it had); None leaves any of the three as it is.

    One transaction, one new version and one revision, whatever changed."""
    with reversion.create_revision():
        reversion.set_comment(f"Imported from {by.source or 'a file'}.")
        if by.user is not None:
            reversion.set_user(by.user)
        new = article.pk is None
        _article_save(article, by)
        if bylines is not None:
            write_bylines(article, bylines, new=new)
        if tags is not None:
            write_tags(article, tags, new=new)
        if corrections is not None:
            if not new:
                article.corrections.all().delete()
            for kind, text, created_at in corrections:
                correction_add(article=article, by=by, text=text, kind=kind, created_at=created_at)
    return article
