"""The addresses served through the page cache."""

from django.urls import URLResolver, get_resolver


def cached_routes(patterns=None, prefix=""):
    """{name: view} of every address served through the page cache."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found |= cached_routes(pattern.url_patterns, namespace)
        elif hasattr(pattern.callback, "reads"):
            found[f"{prefix}{pattern.name}"] = pattern.callback
    return found


def warm(client, urls):
    """Each page requested until the page cache serves it."""
    for url in urls:
        client.get(url)
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "hit", url
