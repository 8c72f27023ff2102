"""The demo editor at work in the admin of a served site (tests/helpers/served_site.py), as a browser would be."""

import re

from tests.helpers.served_site import cookie, log_in, manage, post_form, request


def recovery_codes(env_file, count):
    """Recovery codes issued to the demo editor as an operator would (django-otp's addstatictoken), one per
    sign-in: production asks for a second factor after the password."""
    codes = []
    for _ in range(count):
        issued = manage(env_file, "addstatictoken", "editor")
        assert issued.returncode == 0, issued.stderr
        codes.append(issued.stdout.strip())
    return codes


def editor_cookies(port, recovery_code):
    """The cookies of the demo editor signed in with the password and `recovery_code`."""
    status, headers, csrf = log_in(port)
    assert status == 302, "the editor could not log in"
    cookies = f"{csrf}; {cookie(headers, 'sessionid').split(';')[0]}"
    _, _, page = request(port, "/admin/second-factor/", headers={"Cookie": cookies})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "otp_token": recovery_code, "next": "/admin/"}
    status, headers, _ = post_form(port, "/admin/second-factor/", form, cookies)
    assert (status, headers.get("Location")) == (302, "/admin/"), "the editor's recovery code was refused"
    return cookies


def run_action(port, cookies, action, article_id):
    """The article list's `action` (publish, unpublish...) on the article."""
    _, _, page = request(port, "/admin/articles/article/", headers={"Cookie": cookies})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "action": action, "_selected_action": [article_id], "index": 0}
    status, _, _ = post_form(port, "/admin/articles/article/", form, cookies)
    assert status == 302, f"the {action} action was not accepted"


def article_in_review(port, cookies):
    """The demo's article in review: its id and headline, from the admin's list."""
    _, _, page = request(port, "/admin/articles/article/?status__exact=review", headers={"Cookie": cookies})
    article_id = re.search(r'name="_selected_action" value="(\d+)"', page).group(1)
    _, _, form = request(port, f"/admin/articles/article/{article_id}/change/", headers={"Cookie": cookies})
    headline = re.search(r'name="headline"[^>]*value="([^"]+)"', form).group(1)
    return article_id, headline
