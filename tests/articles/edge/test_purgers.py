"""Each edge is purged with the request its API documents, in as few requests as it allows, and an edge that
fails or hangs never fails an editor's save."""

import json
import logging

import pytest
from defusedxml import ElementTree as ET

from articles import dependencies, edge, services
from articles.edge import purgers
from tests.helpers.purge_server import purge_server
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.django_db

CLOUDFRONT_ANSWER = b"""<?xml version="1.0" encoding="UTF-8"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id>
<Status>InProgress</Status><CreateTime>2026-12-06T03:00:00Z</CreateTime></Invalidation>"""


def sent():
    wait_until(lambda: not edge.sender.busy, what="every purge sent")


def purged(keys):
    edge.purge(keys)
    sent()


@pytest.fixture
def server():
    with purge_server() as running:
        yield running


@pytest.fixture
def cloudflare(settings, server):
    settings.EDGE_PURGER = "cloudflare"
    settings.CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
    settings.CLOUDFLARE_API_TOKEN = "cloudflare-token"
    settings.CLOUDFLARE_API_URL = f"{server.url}/client/v4"
    return server


def test_cloudflare_is_asked_to_purge_the_cache_tags(cloudflare):
    purged({"a42", "home"})
    [sent] = cloudflare.requests
    assert (sent.method, sent.path) == ("POST", "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache")
    assert sent.headers["Authorization"] == "Bearer cloudflare-token"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.body) == {"tags": ["a42", "home"]}


def test_cloudflare_gets_thirty_tags_a_request_and_each_key_once(cloudflare):
    purged({f"a{number}" for number in range(70)})
    sent = [json.loads(request.body)["tags"] for request in cloudflare.requests]
    assert [len(tags) for tags in sent] == [30, 30, 10]
    assert sorted(tag for tags in sent for tag in tags) == sorted(f"a{number}" for number in range(70))


def test_the_site_prefix_is_put_before_every_key(cloudflare, settings):
    settings.EDGE_KEY_PREFIX = "asia-"
    purged({"a42", "all"})
    assert json.loads(cloudflare.requests[0].body) == {"tags": ["asia-a42", "asia-all"]}


def test_fastly_is_asked_to_purge_the_surrogate_keys(settings, server):
    settings.EDGE_PURGER = "fastly"
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "SU1Z0isxPaozGVKXdv0eY", "fastly-token"
    settings.FASTLY_API_URL = server.url
    purged({"a42", "home", "s3"})
    [sent] = server.requests
    assert (sent.method, sent.path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert sent.headers["Fastly-Key"] == "fastly-token"
    assert sent.headers["Surrogate-Key"] == "a42 home s3"


def test_every_varnish_server_gets_a_purge_of_the_keys(settings):
    with purge_server() as first, purge_server() as second:
        settings.EDGE_PURGER = "varnish"
        settings.VARNISH_PURGE_URLS = [first.url, f"{second.url}/"]
        purged({"a42", "home"})
        for server in (first, second):
            [sent] = server.requests
            assert (sent.method, sent.path, sent.headers["xkey-purge"]) == ("PURGE", "/", "a42 home")


@pytest.fixture
def cloudfront(settings, server, monkeypatch):
    settings.EDGE_PURGER = "cloudfront"
    settings.CLOUDFRONT_DISTRIBUTION_ID = "EDFDVBD6EXAMPLE"
    settings.CLOUDFRONT_ENDPOINT_URL = server.url
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    server.status, server.answer, server.content_type = 201, CLOUDFRONT_ANSWER, "text/xml"
    return server


def invalidated_paths(sent):
    namespace = {"cf": "http://cloudfront.amazonaws.com/doc/2020-05-31/"}
    return [path.text for path in ET.fromstring(sent.body).findall("cf:Paths/cf:Items/cf:Path", namespace)]


def test_cloudfront_invalidates_the_addresses_its_readers_were_served_under_a_key(cloudfront, client, settings):
    from tests.factories import ArticleFactory

    settings.EDGE_MAX_AGE = 600
    article = ArticleFactory()
    address, key = article.get_absolute_url(), dependencies.article(article.pk)
    assert key in client.get(address)["xkey"].split()
    client.get("/search/?q=nothing")  # served under other keys (and some it shares with the article, such as nav)
    purged({key})
    [sent] = cloudfront.requests
    assert (sent.method, sent.path) == ("POST", "/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation")
    assert sent.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
    assert invalidated_paths(sent) == [address]


def test_cloudfront_invalidates_everything_for_the_key_all(cloudfront):
    purged({"all"})
    assert invalidated_paths(cloudfront.requests[0]) == ["/*"]


def test_cloudfront_is_not_asked_about_a_key_no_reader_was_served(cloudfront):
    purged({"a999"})
    assert cloudfront.requests == []


@pytest.mark.parametrize("status", [403, 500])
def test_an_edge_refusing_a_purge_is_logged_and_the_others_are_still_purged(settings, status, caplog):
    with purge_server() as refusing, purge_server() as working:
        refusing.status, refusing.answer = status, b"purge refused"
        settings.EDGE_PURGER = "varnish"
        settings.VARNISH_PURGE_URLS = [refusing.url, working.url]
        with caplog.at_level(logging.ERROR, logger="articles.edge"):
            purged({"a42"})
        assert len(working.requests) == 1
    assert f"Varnish refused a purge with {status}: purge refused" in caplog.text


def test_cloudflare_answering_no_success_is_logged(cloudflare, caplog):
    cloudflare.answer = b'{"success": false, "errors": [{"code": 1134, "message": "Invalid tag"}]}'
    with caplog.at_level(logging.ERROR, logger="articles.edge"):
        purged({"a42"})
    assert "Cloudflare did not purge a42" in caplog.text and "Invalid tag" in caplog.text


def test_an_editor_saves_a_live_article_while_the_edge_is_down_and_the_edge_is_told_after_commit(
    settings, editor, caplog, django_capture_on_commit_callbacks
):
    from tests.factories import ArticleFactory

    with purge_server() as gone:
        down = gone.url
    settings.EDGE_PURGER, settings.VARNISH_PURGE_URLS = "varnish", [down]
    article = ArticleFactory(headline="Typo in the headlien")
    article.headline = "Typo fixed in the headline"
    with caplog.at_level(logging.ERROR, logger="articles.edge"):
        with django_capture_on_commit_callbacks(execute=True):
            services.article_save(article=article, by=editor)
        sent()
    article.refresh_from_db()
    assert article.headline == "Typo fixed in the headline"
    assert f"Varnish could not be reached to purge ({down}/)" in caplog.text


def test_a_saved_change_purges_the_edge_once_committed_and_not_before(
    settings, server, editor, django_capture_on_commit_callbacks
):
    from tests.factories import ArticleFactory

    settings.EDGE_PURGER, settings.VARNISH_PURGE_URLS = "varnish", [server.url]
    article = ArticleFactory()
    article.headline = "A better headline"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, by=editor)
        assert server.requests == []
    sent()
    assert len(server.requests) == 1 and server.requests[0].headers["xkey-purge"]


@pytest.mark.slow
def test_a_hung_edge_is_given_up_after_the_timeout(settings, server, caplog):
    settings.EDGE_PURGER, settings.VARNISH_PURGE_URLS, settings.EDGE_PURGE_TIMEOUT = "varnish", [server.url], 1
    server.delay = 3
    with caplog.at_level(logging.ERROR, logger="articles.edge"):
        purged({"a42"})
    assert "timed out" in caplog.text


def test_no_purger_sends_nothing(settings, server):
    settings.EDGE_PURGER = "none"
    purged({"all"})
    assert server.requests == [] and set(purgers.PURGERS) == {"varnish", "cloudflare", "fastly", "cloudfront"}


@pytest.mark.slow
def test_a_purge_is_sent_again_once_every_app_process_has_caught_up(settings, server):
    """A page the edge fetched, between the purge and then, from a process not yet aware of the change goes too."""
    settings.EDGE_PURGER, settings.VARNISH_PURGE_URLS, settings.EDGE_PURGE_AGAIN_SECONDS = "varnish", [server.url], 1
    edge.purge({"a42"})
    wait_until(lambda: len(server.requests) == 1, what="the first purge")
    sent()
    assert [request.headers["xkey-purge"] for request in server.requests] == ["a42", "a42"]


def test_an_editors_save_does_not_wait_for_the_edge_to_answer(
    settings, server, editor, django_capture_on_commit_callbacks
):
    from tests.factories import ArticleFactory

    settings.EDGE_PURGER, settings.VARNISH_PURGE_URLS = "varnish", [server.url]
    article = ArticleFactory()
    server.answering.clear()
    article.headline = "Saved while the edge is slow"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, by=editor)
    wait_until(lambda: len(server.requests) == 1, what="the purge reaching the edge")
    assert edge.sender.busy  # the edge has not answered, and the save is done
    server.answering.set()
    sent()


def test_a_burst_of_changes_goes_to_the_edge_in_a_few_requests_purging_every_key(settings, server):
    """An import saving hundreds of articles does not make hundreds of purge requests (APIs limit their rate)."""
    settings.EDGE_PURGER, settings.VARNISH_PURGE_URLS = "varnish", [server.url]
    server.answering.clear()
    for number in range(50):
        edge.purge({f"a{number}"})
    server.answering.set()
    sent()
    assert len(server.requests) <= 2
    assert {key for request in server.requests for key in request.headers["xkey-purge"].split()} == {
        f"a{number}" for number in range(50)
    }
