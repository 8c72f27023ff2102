"""What every reader page's header and footer show: the sections and the footer's pages, read in one query and
shared by every page of this process until a change to them purges the navigation (articles.shared_blocks)."""

from django.db.models import F, Value

from articles import dependencies
from articles.models import Page, Section
from articles.shared_blocks import SharedBlock


def _read():
    columns = ("pk", "slug", "position", "kind", "label")
    sections = Section.objects.annotate(kind=Value("section"), label=F("name")).values_list(*columns)
    pages = (
        Page.objects.filter(is_published=True, show_in_footer=True)
        .annotate(kind=Value("page"), label=F("title"))
        .values_list(*columns)
    )
    rows = sections.order_by().union(pages.order_by(), all=True).order_by("kind", "position", "label", "pk")
    loaded = {"section": [], "page": []}
    for pk, slug, position, kind, label in rows:
        if kind == "section":
            loaded[kind].append(Section(pk=pk, slug=slug, position=position, name=label))
        else:
            loaded[kind].append(Page(pk=pk, slug=slug, position=position, title=label))
    return loaded


shared = SharedBlock([dependencies.NAV], _read)


class Navigation:
    """The sections (in navigation order) and the published footer pages, read together on first use."""

    def __init__(self):
        self._loaded = None

    def _load(self):
        if self._loaded is None:
            self._loaded = shared.get()
        return self._loaded

    @property
    def sections(self) -> list[Section]:
        return self._load()["section"]

    @property
    def pages(self) -> list[Page]:
        return self._load()["page"]


def navigation(request) -> Navigation:
    """This request's navigation: read once however many parts of the page ask for it."""
    if not hasattr(request, "_navigation"):
        request._navigation = Navigation()
    return request._navigation
