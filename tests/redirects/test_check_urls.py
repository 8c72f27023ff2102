"""manage.py check_urls: after a move, every old address reported as 200, a redirect and where it ends, 410 or 404."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from redirects import services
from redirects.models import Redirect
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ACCESS_LOG = """\
203.0.113.9 - - [01/Dec/2026:10:00:01 +0000] "GET {live} HTTP/1.1" 200 5120 "-" "Mozilla/5.0"
203.0.113.9 - - [01/Dec/2026:10:00:02 +0000] "GET /?p=42 HTTP/1.1" 200 812 "https://t.co/x" "Mozilla/5.0"
203.0.113.9 - - [01/Dec/2026:10:00:03 +0000] "POST /wp-login.php HTTP/1.1" 200 10 "-" "curl/8"
203.0.113.9 - - [01/Dec/2026:10:00:04 +0000] "GET /?p=42 HTTP/1.1" 200 812 "-" "Mozilla/5.0"
"""


@pytest.fixture
def moved_site():
    live = ArticleFactory(slug="still-here")
    services.redirect_save(redirect=Redirect(old_path="/?p=42", new_path=live.get_absolute_url()), by=None)
    services.redirect_save(redirect=Redirect(old_path="/old-feature/", new_path="/?p=42"), by=None)
    services.redirect_save(redirect=Redirect(old_path="/retracted/", status=410, reason="Legal"), by=None)
    services.redirect_save(redirect=Redirect(old_path="/partner", new_path="https://partner.example/"), by=None)
    return live


def run(path, *args):
    out = StringIO()
    try:
        call_command("check_urls", str(path), *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_a_file_mixing_every_outcome_is_reported_address_by_address(tmp_path, moved_site):
    live = moved_site.get_absolute_url()
    listing = tmp_path / "old-links.txt"
    listing.write_text(
        f"# links found on other sites\nhttps://old.example.com{live}\n/old-feature/\n/retracted/\n/never-was/\n"
        "/partner\n" + ACCESS_LOG.format(live=live)
    )

    report, error = run(listing)
    lines = report.splitlines()

    assert lines[0].split() == ["200", live, "(listed", "2", "times)"]
    assert lines[1].split() == ["301", "/old-feature/", "→", live, "(200)"]
    assert lines[2].split() == ["410", "Gone", "/retracted/"]
    assert lines[3].split() == ["404", "Not", "Found", "/never-was/"]
    assert lines[4].split() == [
        "301",
        "/partner",
        "→",
        "https://partner.example/",
        "(another",
        "site,",
        "not",
        "checked)",
    ]
    assert lines[5].split() == ["301", "/?p=42", "→", live, "(200)", "(listed", "2", "times)"]
    assert lines[6] == "6 addresses: 1 fine, 1 gone, 1 lead nowhere, 3 redirected."
    assert error == "1 of 6 addresses lead nowhere (404 or an error): listed above."


def test_checking_counts_no_hits(tmp_path, moved_site):
    listing = tmp_path / "links.txt"
    listing.write_text("/old-feature/\n")
    report, error = run(listing)

    assert error is None and report.endswith("1 address: 1 redirected.\n")
    assert Redirect.objects.get(old_path="/old-feature/").hits == 0


def test_csv_for_a_spreadsheet(tmp_path, moved_site):
    listing = tmp_path / "links.txt"
    listing.write_text("/old-feature/\n/retracted/\n")
    report, _ = run(listing, "--csv")

    assert report.splitlines() == [
        "address,status,ends_at,final_status,seen",
        f"/old-feature/,301,{moved_site.get_absolute_url()},200,1",
        "/retracted/,410,,410,1",
    ]


def test_a_missing_or_empty_file_is_a_clear_error(tmp_path):
    assert run(tmp_path / "nope.txt")[1].startswith("Cannot read")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\nnot an address\n")
    assert run(empty)[1] == "empty.txt holds no address to check."
