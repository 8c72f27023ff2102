"""What django-axes needs from the site: who a client is, and the page a locked-out client gets.

The page says the same whatever username was tried, existing or not, so a lockout tells nobody which
accounts exist.
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.contrib import admin
from django.shortcuts import render

from articles.view_counter import client_ip, client_network


def client_address(request) -> str | None:
    """The client's address as the view counter finds it behind the trusted proxies; for IPv6, its /64's.

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
