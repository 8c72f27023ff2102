from auditlog.middleware import AuditlogMiddleware
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from staff_security.login_throttling import client_address
from staff_security.rules import CODE, ENROLMENT, owed_at_sign_in

OPEN_WITHOUT_SECOND_FACTOR = {"admin:login", "admin:logout"}
SIGN_IN_PAGES = {"admin", "two_factor"}


class SecondFactorMiddleware:
    """Staff who enrolled give their code, and those STAFF_2FA_REQUIRED covers enrol, before any admin page;
    elsewhere they are visitors until then.

    After django_otp's OTPMiddleware, which tells whether this session has given a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = request.user
        if not user.is_authenticated or not user.is_staff or user.is_verified():
            return None
        if match.namespace not in SIGN_IN_PAGES:
            # A sign-in is not finished until the second factor is given: until then the reader's pages
            # see a visitor, so a password alone opens no draft's preview.
            if match.view_name != "second_factor" and owed_at_sign_in(request):
                request.user = AnonymousUser()
            return None
        if match.view_name in OPEN_WITHOUT_SECOND_FACTOR:
            return None
        owed = owed_at_sign_in(request)
        if owed == CODE:
            return redirect(f"{reverse('second_factor')}?{urlencode({'next': request.get_full_path()})}")
        if owed == ENROLMENT and match.namespace == "admin":
            return redirect("two_factor:setup")
        return None


class SecurityLogMiddleware(AuditlogMiddleware):
    """django-auditlog's, on the admin only, with the client found as the login throttle finds it.

    Never the raw X-Forwarded-For, which a client writes itself. Readers' pages are left alone: looking up
    who is signed in would read their session on every page.
    """

    def __call__(self, request):
        if not request.path_info.startswith(reverse("admin:index")):
            return self.get_response(request)
        return super().__call__(request)

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None
