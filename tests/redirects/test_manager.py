"""The redirects manager: editors add, change and delete redirects, see their hits, and move them as CSV."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from redirects import services
from redirects.models import Origin, Redirect
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/redirects/redirect/"


def add(client, **fields):
    data = {"old_path": "", "status": 301, "new_path": "", "reason": "", **fields}
    return client.post(f"{CHANGELIST}add/", data)


def test_an_editor_adds_a_campaign_short_link_and_readers_follow_it(editor_client, client):
    article = ArticleFactory(slug="election-guide")
    response = add(
        editor_client, old_path="https://old.example.com/vote", new_path=article.get_absolute_url(), status=302
    )
    assert response.status_code == 302, response.content

    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.origin, redirect.created_by.username) == ("/vote", Origin.EDITOR, "editor")
    client.logout()
    answer = client.get("/vote")
    assert answer.status_code == 302 and answer["Location"] == article.get_absolute_url()
    assert client.get("/vote/")["Location"] == article.get_absolute_url()  # with or without the slash


def test_hits_and_the_last_hit_are_counted_and_shown(editor_client, client):
    redirect = services.redirect_save(redirect=Redirect(old_path="/old/", new_path="https://example.org/"), by=None)
    for _ in range(3):
        assert client.get("/old/")["Location"] == "https://example.org/"

    redirect.refresh_from_db()
    assert redirect.hits == 3 and redirect.last_hit_at is not None
    page = editor_client.get(CHANGELIST).content.decode()
    assert "/old/" in page and ">3<" in page


def test_a_loop_is_refused_with_the_addresses_that_make_it(editor_client):
    services.redirect_save(redirect=Redirect(old_path="/a/", new_path="/b/"), by=None)
    services.redirect_save(redirect=Redirect(old_path="/b/", new_path="/c/", status=302), by=None)

    response = add(editor_client, old_path="/c/", new_path="/a/")

    assert response.status_code == 200
    assert "This would make a loop: /c/ → /a/ → /b/ → /c/" in response.content.decode()
    assert not Redirect.objects.filter(old_path="/c/").exists()


def test_a_redirect_to_itself_or_to_nowhere_is_refused(editor_client):
    assert "round in a circle" in add(editor_client, old_path="/x/", new_path="/x/").content.decode()
    assert "Enter where readers are sent" in add(editor_client, old_path="/x/").content.decode()
    assert "not a web address" in add(editor_client, old_path="javascript:alert(1)", new_path="/").content.decode()
    assert "neither a path" in add(editor_client, old_path="/x/", new_path="javascript:alert(1)").content.decode()
    assert not Redirect.objects.exists()


def test_adding_a_redirect_whose_target_moved_on_goes_straight_to_the_end(client):
    services.redirect_save(redirect=Redirect(old_path="/b/", new_path="/c/"), by=None)
    services.redirect_save(redirect=Redirect(old_path="/a/", new_path="/b/"), by=None)
    services.redirect_save(redirect=Redirect(old_path="/c/", new_path="/d/"), by=None)

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {"/a/": "/d/", "/b/": "/d/", "/c/": "/d/"}


def test_reporters_and_anonymous_readers_cannot_manage_redirects(reporter, reporter_client, client):
    assert reporter_client.get(CHANGELIST).status_code == 403
    assert reporter_client.get(f"{CHANGELIST}import/").status_code == 403
    assert reporter_client.get(f"{CHANGELIST}export/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.redirect_save(redirect=Redirect(old_path="/a/", new_path="/b/"), by=reporter)
    with pytest.raises(PermissionDenied):
        services.redirects_import(text="/a/,/b/,301\n", by=reporter)
    client.logout()
    assert client.get(f"{CHANGELIST}export/").status_code == 302  # to the login page
    assert not Redirect.objects.exists()


def test_csv_export_then_import_is_a_round_trip_that_changes_nothing(editor_client):
    services.redirect_save(redirect=Redirect(old_path="/?p=12", new_path="/2024/01/02/story/"), by=None)
    services.redirect_save(
        redirect=Redirect(old_path="/promo", new_path="https://shop.example/?a=1", status=302), by=None
    )
    services.redirect_save(
        redirect=Redirect(old_path="/2023/05/01/κλειστό/", status=410, reason="=Removed, legal"), by=None
    )
    services.redirect_save(redirect=Redirect(old_path="/台湾/", new_path="/tag/taiwan/"), by=None)
    before = list(Redirect.objects.values_list("old_path", "new_path", "status", "reason"))

    exported = editor_client.get(f"{CHANGELIST}export/")
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.splitlines()[0] == "old_path,new_path,status,reason"
    assert "'=Removed, legal" in text  # a spreadsheet opening the file sees text, not a formula

    upload = SimpleUploadedFile("redirects.csv", exported.content, content_type="text/csv")
    response = editor_client.post(f"{CHANGELIST}import/", {"file": upload}, follow=True)
    assert "0 added, 0 changed, 4 already as the file says" in response.content.decode()
    assert list(Redirect.objects.values_list("old_path", "new_path", "status", "reason")) == before


def test_a_csv_file_with_a_bad_line_imports_nothing_and_names_every_bad_line(editor_client):
    text = "old_path,new_path,status\n/one/,/two/,301\n/three/,/four/,307\n/five/,,301\n/six/,/seven/\n"
    upload = SimpleUploadedFile("redirects.csv", text.encode(), content_type="text/csv")
    page = editor_client.post(f"{CHANGELIST}import/", {"file": upload}).content.decode()

    assert "Nothing was imported" in page
    assert "line 3: status “307” is not one of 301, 302, 410." in page
    assert "line 4: Enter where readers are sent" in page
    assert not Redirect.objects.exists()

    services.redirects_import(text="/six/,/seven/\n", by=None)  # a status left out is 301
    assert Redirect.objects.get().status == 301


def test_a_file_that_is_not_utf8_text_is_refused_clearly(editor_client):
    upload = SimpleUploadedFile("redirects.csv", "/é/,/e/,301\n".encode("latin-1"), content_type="text/csv")
    page = editor_client.post(f"{CHANGELIST}import/", {"file": upload}).content.decode()

    assert "not UTF-8 text" in page
    assert not Redirect.objects.exists()


def test_an_old_wordpress_query_address_redirects_though_the_home_page_exists(client):
    article = ArticleFactory(slug="moved-from-wordpress")
    services.redirect_save(redirect=Redirect(old_path="/?p=123", new_path=article.get_absolute_url()), by=None)

    assert client.get("/?p=123")["Location"] == article.get_absolute_url()
    assert client.get("/?p=123&utm_source=feed")["Location"] == article.get_absolute_url()
    assert client.get("/?p=124").status_code == 200  # the home page, as before
    assert client.get("/").status_code == 200


def test_an_editor_deletes_a_redirect_and_the_address_is_missing_again(editor_client, client):
    redirect = services.redirect_save(redirect=Redirect(old_path="/gone-soon/", new_path="/"), by=None)
    editor_client.post(f"{CHANGELIST}{redirect.pk}/delete/", {"post": "yes"})

    assert not Redirect.objects.exists()
    client.logout()
    assert client.get("/gone-soon/").status_code == 404


def test_an_address_too_long_or_with_control_characters_is_refused_not_a_server_error():
    with pytest.raises(ValidationError, match="at most 500"):
        services.redirect_save(redirect=Redirect(old_path="/" + "a" * 600, new_path="/"), by=None)
    with pytest.raises(ValidationError, match="line breaks"):
        services.redirects_import(text='"/a\nb",/c/,301\n', by=None)
    # Readers' requests for such an address are never looked up (redirects.addresses.storable): none is kept.
    with pytest.raises(ValidationError, match="control characters"):
        services.redirect_save(redirect=Redirect(old_path="/a%01b/", new_path="/"), by=None)
    assert not Redirect.objects.exists()
