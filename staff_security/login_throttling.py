"""What django-axes needs from the site: who a client is, the page a locked-out client gets, and wrong
second-factor codes counted with wrong passwords.

The page says the same whatever username was tried, existing or not, so a lockout tells nobody which
accounts exist.
"""

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

from common.clients import client_ip, client_network
from staff_security.rules import owes_second_factor


def client_address(request) -> str | None:
    """The client's address as common.clients finds it behind the trusted proxies; for IPv6, its /64's.

    None for something that is no address (axes keeps it in an address column).
    """
    try:
        return str(ipaddress.ip_network(client_network(client_ip(request))).network_address)
    except ValueError:
        return None


def locked_out(request, original_response, credentials):
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    context = {**admin.site.each_context(request), "title": "Too many failed attempts", "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


class SecondFactorAwareHandler(AxesDatabaseHandler):
    """Axes' own handler, except that a right password does not wipe the failures while a code is still owed.

    Otherwise whoever has the password could guess codes without end, signing in again before each lockout.
    The count starts again once the code is right (second_factor_passed).
    """

    def reset_user_attempts(self, request, credentials=None):
        user = getattr(request, "user", None)  # Client.force_login's request has none
        if user is not None and owes_second_factor(user):
            return 0
        return super().reset_user_attempts(request, credentials)


def second_factor_failed(request, user):
    """A wrong code counts as a failed sign-in for the user and client, towards the same lockout as passwords."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def second_factor_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def second_factor_passed(request, user):
    AxesProxyHandler.get_implementation().reset_user_attempts(request, {"username": user.get_username()})
