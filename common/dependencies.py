"""What the page being rendered shows, as dependency keys (issue 14).

A view, a template tag or a feed declares what it shows with `shown(...)` while the page renders; the page
cache stores the keys with the page and a change purges the pages holding the keys it names
(articles/dependencies.py says which). Here, beneath every app, so that media's picture tags can declare
the pictures they show. Outside a page being rendered (the admin, a command), `shown` does nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_collected: ContextVar[set | None] = ContextVar("page_dependencies", default=None)


def image_keys(image) -> set[str]:
    """A picture's keys: the image (caption, credit, rights, renditions) and its agency (licence, disclaimer)."""
    keys = {f"i{image.pk}"}
    if image.agency_id:
        keys.add(f"g{image.agency_id}")
    return keys


def shown(*keys: str) -> None:
    """The page being rendered shows what `keys` name."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


@contextmanager
def collecting(request):
    """Collect into `request.page_dependencies` what the page rendered inside shows."""
    collected = request.page_dependencies = set()
    token = _collected.set(collected)
    try:
        yield collected
    finally:
        _collected.reset(token)
