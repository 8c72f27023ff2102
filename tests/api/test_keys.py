"""Partners' API keys: made in the admin and shown once, scoped to sections and to summaries or full text, with an
expiry and a rate; anyone without a key gets summaries, at a lower rate."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from PIL import Image as PILImage

from api import services
from api.models import ApiKey
from articles.services import body_picture
from media.models import Agency
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers.renditions import BLUE, RED, encode, save_image

pytestmark = pytest.mark.django_db


def key_for(editor, **fields):
    sections = fields.pop("sections", ())
    return services.api_key_create(key=ApiKey(name="Partner Daily", **fields), by=editor, sections=sections)


def get(client, path, key=None, **params):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(path, params, headers=headers)


@pytest.fixture
def asia_and_sport():
    asia, sport = SectionFactory(slug="asia", name="Asia"), SectionFactory(slug="sport", name="Sport")
    pictured = save_image(encode(PILImage.new("RGB", (1200, 800), BLUE)))
    kept_back = save_image(encode(PILImage.new("RGB", (1200, 800), RED)), name="wire.jpg")
    kept_back.agency = Agency.objects.create(name="Closed Wire", may_redistribute=False)
    kept_back.save()
    body = (
        f"<p>Ports closed.</p><figure>{body_picture(pictured, 'The harbour')}<figcaption>The harbour at dawn"
        f"</figcaption></figure><p>More rain.</p><figure>{body_picture(kept_back)}</figure>"
    )
    return ArticleFactory(section=asia, body=body), ArticleFactory(section=sport)


def test_an_editor_makes_a_key_in_the_admin_and_sees_it_once(editor_client):
    answer = editor_client.post(
        "/admin/api/apikey/add/", {"name": "Partner Daily", "scope": "full", "per_minute": 100, "allowed_origins": ""}
    )
    assert answer.status_code == 200
    secret = answer.context["secret"]
    assert secret in answer.text and secret.startswith("nr_")
    key = ApiKey.objects.get()
    assert secret not in {key.prefix, key.hashed} and key.hashed == services.key_hash(secret)
    assert secret not in editor_client.get(f"/admin/api/apikey/{key.pk}/change/").text
    assert services.api_key_for(secret) == key


def test_a_reporter_makes_no_key_through_the_admin_or_the_service(reporter, reporter_client):
    assert reporter_client.get("/admin/api/apikey/add/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.api_key_create(key=ApiKey(name="Mine"), by=reporter)
    assert not ApiKey.objects.exists()


def test_a_summary_key_and_anyone_get_no_body_a_full_text_key_gets_it_with_its_pictures(client, editor, asia_and_sport):
    story, _ = asia_and_sport
    for key in (None, key_for(editor)):
        assert get(client, f"/api/v1/articles/{story.pk}/", key).json()["body_html"] is None
    full = key_for(editor, scope=ApiKey.Scope.FULL)
    body = get(client, f"/api/v1/articles/{story.pk}/", full).json()["body_html"]
    assert "<p>Ports closed.</p>" in body and "<p>More rain.</p>" in body
    assert body.count("<img") == 1, "the picture Closed Wire keeps from partners went out"
    assert 'src="http://testserver/uploads/' in body and 'alt="The harbour"' in body
    assert "The harbour at dawn Photo: Staff photographer" in body
    ninjs = get(client, f"/api/v1/ninjs/articles/{story.pk}/", full).json()
    assert (ninjs["representationType"], ninjs["bodies"][0]["value"]) == ("full", body)


def test_a_key_for_some_sections_reads_only_those(client, editor, asia_and_sport, time_machine):
    story, other = asia_and_sport
    asia_only = key_for(editor, sections=[story.section])
    assert get(client, f"/api/v1/articles/{story.pk}/", asia_only).status_code == 200
    assert get(client, f"/api/v1/articles/{other.pk}/", asia_only).status_code == 404
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=1))
    listed = get(client, "/api/v1/articles/", asia_only).json()["items"]
    assert [item["id"] for item in listed] == [story.pk]
    assert {item["id"] for item in get(client, "/api/v1/articles/").json()["items"]} == {story.pk, other.pk}
    assert [section["slug"] for section in get(client, "/api/v1/sections/", asia_only).json()] == ["asia"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": "past"}, "This API key expired on"),
        ({"revoked": True}, "Unknown or revoked API key."),
        ({"secret": "nr_0000abcd_guessed"}, "Unknown or revoked API key."),
        ({"secret": "not a key at all"}, "Unknown or revoked API key."),
    ],
)
def test_a_key_that_ended_or_was_never_given_is_refused_with_the_reason(client, editor, change, message):
    secret = key_for(editor)
    key = ApiKey.objects.get()
    if change.get("expires_at"):
        ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    if change.get("revoked"):
        services.api_key_revoke(key=key, by=editor)
    answer = get(client, "/api/v1/articles/", change.get("secret", secret))
    assert answer.status_code == 401
    assert answer.json()["detail"].startswith(message)


def test_past_its_rate_a_key_gets_429_with_retry_after_and_others_are_not_slowed(client, editor):
    slow, other = key_for(editor, per_minute=3), key_for(editor)
    assert [get(client, "/api/v1/sections/", slow).status_code for _ in range(4)] == [200, 200, 200, 429]
    answer = get(client, "/api/v1/sections/", slow)
    assert int(answer["Retry-After"]) > 0 and "3 requests a minute" in answer.json()["detail"]
    assert get(client, "/api/v1/sections/", other).status_code == 200


def test_anyone_without_a_key_is_held_to_the_anonymous_rate_by_address(client, settings):
    settings.API_ANONYMOUS_PER_MINUTE = 2
    statuses = [client.get("/api/v1/sections/", REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/sections/", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_no_key_reads_an_article_before_its_time(client, editor):
    embargoed = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(hours=3), first_published_at=None)
    full = key_for(editor, scope=ApiKey.Scope.FULL)
    for path in (f"/api/v1/articles/{embargoed.pk}/", f"/api/v1/ninjs/articles/{embargoed.pk}/"):
        answer = get(client, path, full)
        assert answer.status_code == 404 and embargoed.headline not in answer.text


def test_a_browser_may_call_the_api_only_from_an_origin_its_key_lists(client, editor):
    listed = key_for(editor, allowed_origins="https://partner.example\n")
    unlisted = key_for(editor)
    preflight = client.options(
        "/api/v1/sections/", headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    stranger = client.options(
        "/api/v1/sections/", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "Access-Control-Allow-Origin" not in stranger

    def allowed(key, origin):
        answer = client.get("/api/v1/sections/", headers={"Authorization": f"Bearer {key}", "Origin": origin})
        assert answer.status_code == 200 and "Origin" in answer["Vary"]
        assert "Access-Control-Allow-Credentials" not in answer
        return answer.get("Access-Control-Allow-Origin")

    assert allowed(listed, "https://partner.example") == "https://partner.example"
    assert allowed(listed, "https://evil.example") is None
    assert allowed(unlisted, "https://partner.example") is None
