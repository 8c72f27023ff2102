import django_otp
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from staff_security.forms import SecondFactorForm
from staff_security.login_throttling import second_factor_failed, second_factor_locked_out, second_factor_passed
from staff_security.rules import note_what_the_sign_in_owes, owes_second_factor


@never_cache
@login_required
def second_factor(request):
    """The sign-in's second step: the authenticator's code or a recovery code, after the password.

    A wrong code is a failed sign-in for axes: at the limit, and during the lockout, AxesMiddleware answers
    with the lockout page, as it does for wrong passwords.
    """
    user = request.user
    next_url = request.POST.get("next", request.GET.get("next", ""))
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not owes_second_factor(user):
        # Owed at sign-in, and no longer: the devices were removed meanwhile. Enrolment may be owed instead.
        note_what_the_sign_in_owes(sender=None, request=request, user=user)
        return redirect(next_url or "admin:index")

    form = SecondFactorForm(request.POST or None, user=user)
    if request.method == "POST":
        if not second_factor_locked_out(request, user) and form.is_valid():
            django_otp.login(request, form.device)
            second_factor_passed(request, user)
            return redirect(next_url or "admin:index")
        second_factor_failed(request, user)
    context = {**admin.site.each_context(request), "title": "Second factor", "form": form, "next": next_url}
    return render(request, "staff_security/second_factor.html", context)
