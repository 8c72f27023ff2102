"""The ceiling `make bench` measures every page against (bench/run.py).

A fixed page of about 2 KB from a plain function view: the same server, settings and
middleware as the site, but no database, template or cache. Routed only when
BENCHMARK_CEILING is on.
"""

from django.http import HttpResponse

_PARAGRAPH = (
    "<p>This page is a fixed string returned by a bare Django view. Every page of the site is measured "
    "against it in the same benchmark run, so the ratios say what the database, templates and cache cost "
    "on top of Django, its middleware and the application server.</p>\n"
)

CEILING_HTML = (
    '<!doctype html>\n<html lang="en-gb">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>Benchmark ceiling</title>\n</head>\n<body>\n<main>\n<h1>Benchmark ceiling</h1>\n"
    + _PARAGRAPH * 7
    + "</main>\n</body>\n</html>\n"
)


def ceiling(request):
    return HttpResponse(CEILING_HTML)
