"""Readers arriving at an address that moved are sent on (301, 302), or told it is gone and why (410).

Only where the site has nothing else to show, so that a redirect never hides a live page and readers' pages cost
no lookup: after a 404, and for a reader's page asked with a query parameter it does not read (an old WordPress
link, /?p=123, is the home page to this site). Last but axes among the middleware (settings.MIDDLEWARE), so that
CommonMiddleware does not first send /old-path to /old-path/, and its answers get the security headers.
"""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix
from django.utils.encoding import iri_to_uri

from redirects.addresses import is_local, storable
from redirects.models import Redirect, RedirectStatus
from redirects.services import redirect_hit


class RedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if response.status_code == 404:
            candidates = [*query_forms(request, request.GET), *path_forms(request.path_info)]
        elif response.status_code == 200 and (unread := unread_parameters(request)):
            candidates = query_forms(request, unread)
        else:
            return response
        # What old_address() refuses to store is not looked up: PostgreSQL refuses a NUL in a query.
        candidates = [address for address in candidates if storable(address)]
        found = Redirect.objects.in_bulk(candidates, field_name="old_path")
        matched = next((address for address in candidates if address in found), None)
        if matched is None:
            return response
        redirect = found[matched]
        redirect_hit(redirect)
        return answer(request, redirect, matched_without_query="?" not in matched)


def path_forms(path: str) -> list[str]:
    """The path as asked, then with or without its trailing slash (CSV files and old sites write either)."""
    return [path, path[:-1] if path.endswith("/") and path != "/" else f"{path}/"]


def query_forms(request, names) -> list[str]:
    """The path with the whole query, then with each of `names` alone: /?p=12 is found when asked as /?p=12&utm=x."""
    if not request.GET:
        return []
    pairs = sorted((name, value) for name, values in request.GET.lists() for value in values)
    forms = [f"{request.path_info}?{urlencode(pairs)}"]
    forms += [f"{request.path_info}?{urlencode([(name, value)])}" for name, value in pairs if name in names]
    return list(dict.fromkeys(forms))


def unread_parameters(request) -> set[str]:
    """The query parameters a reader's page ignores (articles.page_cache marks what each page reads)."""
    if not request.GET:
        return set()
    reads = getattr(getattr(request, "resolver_match", None), "func", None)
    reads = getattr(reads, "reads", None)
    return set() if reads is None else set(request.GET) - set(reads)


def answer(request, redirect: Redirect, *, matched_without_query: bool):
    if redirect.status == RedirectStatus.GONE:
        return render(request, "410.html", {"reason": redirect.reason}, status=410)
    target = redirect.new_path
    if is_local(target):
        target = iri_to_uri(get_script_prefix().rstrip("/") + target)
        # A moved listing keeps its reader's page: /section/old/?page=3 → /section/new/?page=3.
        if matched_without_query and request.META.get("QUERY_STRING") and "?" not in target:
            target = f"{target}?{request.META['QUERY_STRING']}"
    permanent = redirect.status == RedirectStatus.MOVED
    return (HttpResponsePermanentRedirect if permanent else HttpResponseRedirect)(target)
