"""What a page at the edge is known by: its keys, written as the edge sees them."""

from django.conf import settings

from articles import dependencies

ALL = "all"


def page_keys(request) -> set[str]:
    """The keys of what the page answering `request` shows (articles.dependencies.of), and `all`."""
    return {ALL, *dependencies.of(request)}


def edge_keys(keys) -> list[str]:
    """`keys` as the edge knows them: with this site's EDGE_KEY_PREFIX, sorted, each once.

    Every page carries `all`, so purging `all` drops this site's pages and no other site's sharing the edge."""
    return sorted({f"{settings.EDGE_KEY_PREFIX}{key}" for key in keys})
