"""The admin for articles, sections, pages and tags; importing the package registers them all."""

from articles.admin.article import REVERTIBLE_FIELDS, ArticleAdmin, BylineInline, CorrectionInline, VisibilityFilter
from articles.admin.csp import EditorScriptNonce
from articles.admin.forms import ArticleAdminForm, TagAutocomplete
from articles.admin.pages import PageAdmin, SectionAdmin
from articles.admin.tags import TagAdmin, TagAdminForm

__all__ = [
    "REVERTIBLE_FIELDS",
    "ArticleAdmin",
    "ArticleAdminForm",
    "BylineInline",
    "CorrectionInline",
    "EditorScriptNonce",
    "PageAdmin",
    "SectionAdmin",
    "TagAdmin",
    "TagAdminForm",
    "TagAutocomplete",
    "VisibilityFilter",
]
