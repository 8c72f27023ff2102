"""The view counter: one small POST (navigator.sendBeacon) per article page view.

Counting in a POST rather than in the page view lets a cached page still count, and
leaves out clients that run no JavaScript (most bots) and link prefetches.
"""

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import services


@csrf_exempt  # navigator.sendBeacon cannot carry a CSRF token; counting a view changes nothing else.
@require_POST
def record_view(request, pk):
    if not services.article_record_view(article_id=pk):
        raise Http404("No published article has this id.")
    return HttpResponse(status=204)
