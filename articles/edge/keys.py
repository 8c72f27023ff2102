"""What a page at the edge is known by: its keys, written as the edge sees them."""

from urllib.parse import quote

from django.conf import settings

ALL = "all"


def page_keys(request) -> set[str]:
    """The keys of what the page answering `request` shows.

    Until pages declare their dependencies (articles.dependencies.of), every page depends on everything (`all`)
    and on its own address."""
    return {ALL, quote(request.path, safe="/")}


def edge_keys(keys) -> list[str]:
    """`keys` as the edge knows them: with this site's EDGE_KEY_PREFIX, sorted, each once.

    Every page carries `all`, so purging `all` drops this site's pages and no other site's sharing the edge."""
    return sorted({f"{settings.EDGE_KEY_PREFIX}{key}" for key in keys})
