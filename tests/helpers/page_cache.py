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
