"""CORS for the API: a web page may call it from a browser only from the origins its key lists (none by default).

Never with cookies (no Access-Control-Allow-Credentials): the API reads none. A preflight carries no key, so it
is answered for any origin some live key lists; the answer to the request itself names the origin only when that
request's own key lists it."""

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone

from api.models import ApiKey

PREFIX = "/api/"
ALLOWED_HEADERS = "Authorization, X-API-Key"


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        if not origin or not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            answer = HttpResponse(status=204)
            if listed_by_a_live_key(origin):
                answer["Access-Control-Allow-Origin"] = origin
                answer["Access-Control-Allow-Methods"] = "GET"
                answer["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                answer["Access-Control-Max-Age"] = "600"
        else:
            answer = self.get_response(request)
            reader = getattr(request, "api_reader", None)
            if reader is not None and reader.key is not None and origin.rstrip("/") in reader.key.origins:
                answer["Access-Control-Allow-Origin"] = origin
        answer["Vary"] = ", ".join(filter(None, [answer.get("Vary"), "Origin"]))
        return answer


def listed_by_a_live_key(origin: str) -> bool:
    live = ApiKey.objects.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )
    return any(origin.rstrip("/") in key.origins for key in live.filter(allowed_origins__contains=origin.rstrip("/")))
