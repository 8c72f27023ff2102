"""Password reset for staff: throttled, and answering in the same time whether the address is known or not.

The mail goes out from a worker thread after the answer, so a known address (whose mail takes an SMTP
exchange) answers as quickly as an unknown one. Requests are counted per address and per client in the
cache, under keys made with SECRET_KEY (no address is stored): past PASSWORD_RESET_MAX_PER_ADDRESS requests
for one address, or PASSWORD_RESET_MAX_PER_CLIENT from one client, in PASSWORD_RESET_WINDOW_SECONDS, the
answer is the same page and no mail is sent, so the answer never tells whether an address exists.
"""

import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect

from common.clients import cache_key, client_ip, client_network, within_limit

logger = logging.getLogger(__name__)

# One thread: mail goes out in the order asked for, and a burst queues rather than opening a connection each.
mail_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-reset-mail")


def wait_for_mail(timeout: float = 30) -> None:
    """Return once every reset mail asked for so far has been handed to the mail server (or failed)."""
    mail_sender.submit(lambda: None).result(timeout=timeout)


class OffRequestPasswordResetForm(PasswordResetForm):
    def send_mail(self, *args, **kwargs):
        mail_sender.submit(self._send_logged, *args, **kwargs)

    def _send_logged(self, *args, **kwargs):
        try:
            super().send_mail(*args, **kwargs)  # which logs a failure to send itself
        except Exception:
            logger.exception("Could not write a password reset mail")


def may_send(request, email: str) -> bool:
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    # Both are counted on every request, sent or not: neither count depends on whether the address exists.
    address_ok = within_limit(
        cache_key("reset-address", email.strip().casefold()), settings.PASSWORD_RESET_MAX_PER_ADDRESS, window
    )
    client = client_network(client_ip(request))
    client_ok = within_limit(cache_key("reset-client", client), settings.PASSWORD_RESET_MAX_PER_CLIENT, window)
    return address_ok and client_ok


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OffRequestPasswordResetForm

    def form_valid(self, form):
        if may_send(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())  # the same answer, without the mail
