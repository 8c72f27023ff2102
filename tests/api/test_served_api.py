"""The content API as partners meet it: over HTTP from `make serve` (gunicorn's workers and the jobs worker), with
1,000 articles changing while a partner syncs, keys, 304s, rate limits, CORS and webhooks sent by the worker."""

import hashlib
import hmac
import json
import textwrap
import threading
import time
from collections import Counter
from types import SimpleNamespace

import pytest

from api.sync import SETTLE
from tests.helpers.purge_server import purge_server
from tests.helpers.served_site import (
    EDITOR_PASSWORD,
    free_port,
    manage,
    request,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def receiver():
    with purge_server() as server:
        yield server


@pytest.fixture(scope="module")
def site(tmp_path_factory, receiver):
    """`make serve` with its jobs worker, the demo and 1,000 generated articles, an editor, a webhook to `receiver`."""
    folder = tmp_path_factory.mktemp("api")
    port = free_port()
    env_file = write_env_file(
        folder, PORT=str(port), RUN_JOBS_WORKER="", JOBS_WORKERS="1", WEBHOOKS_ALLOW_LOCAL="true",
        API_ANONYMOUS_PER_MINUTE="1000",
    )  # fmt: skip
    log = folder / "serve.log"
    process = start_serving(env_file, log)
    try:
        wait_until_up(process, port, log)
        for command in (["load_demo"], ["generate_articles", "1000"]):
            done = manage(env_file, *command, extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
            assert done.returncode == 0, done.stderr
        site = SimpleNamespace(port=port, env_file=env_file, log=log)
        site.secret = shell(site, f"""
            from api import services
            from api.models import Webhook
            hook = services.webhook_save(
                hook=Webhook(name="Partner", url="{receiver.url}/hooks", events=["published", "taken_down"]), by=editor
            )
            print(hook.secret)
        """)  # fmt: skip
        yield site
    finally:
        stop_serving(process)


def shell(site, code: str) -> str:
    """Run `code` in `manage.py shell` on the served site, `editor` the demo's editor; what it printed."""
    script = (
        "from django.contrib.auth import get_user_model\neditor = get_user_model().objects.get(username='editor')\n"
    )
    done = manage(site.env_file, "shell", "-v", "0", "-c", script + textwrap.dedent(code))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def make_key(site, **fields) -> str:
    return shell(site, f"""
        from api import services
        from api.models import ApiKey
        print(services.api_key_create(key=ApiKey(name="Partner", **{fields!r}), by=editor, sections=()))
    """)  # fmt: skip


def get(site, path, **headers):
    status, answer_headers, body = request(site.port, path, headers=headers)
    return SimpleNamespace(status=status, headers=answer_headers, json=json.loads(body) if body else None)


def sync(site, key, cursor=None):
    items = []
    while True:
        query = f"?limit=100&cursor={cursor}" if cursor else "?limit=100"
        answer = get(site, f"/api/v1/articles/{query}", Authorization=f"Bearer {key}")
        assert answer.status == 200, answer.json
        items += answer.json["items"]
        cursor = answer.json["next_cursor"]
        if not answer.json["has_more"]:
            return items, cursor


def test_a_partner_syncing_a_thousand_articles_over_http_while_they_change_gets_each_change_once(site):
    key = make_key(site, scope="full", per_minute=10_000)
    time.sleep(SETTLE.total_seconds() + 1)  # the generated articles have settled
    first = get(site, "/api/v1/articles/?limit=100", Authorization=f"Bearer {key}").json
    seen_first = [item["id"] for item in first["items"] if item["kind"] == "article"]
    changes = {"edited": seen_first[3], "unpublished": seen_first[5], "deleted": seen_first[7]}

    # An editor works in another process while the partner pages through the rest.
    def editor_at_work():
        shell(site, f"""
            from articles import services
            from articles.models import Article
            edited = Article.objects.get(pk={changes["edited"]})
            edited.headline = "Edited while the partner paged"
            services.article_save(article=edited, by=editor)
            services.article_unpublish(article=Article.objects.get(pk={changes["unpublished"]}), by=editor)
            Article.objects.get(pk={changes["deleted"]}).delete()
            fresh = Article(headline="Published while the partner paged", section=edited.section)
            services.article_publish(article=services.article_save(article=fresh, by=editor), by=editor)
        """)  # fmt: skip

    working = threading.Thread(target=editor_at_work)
    working.start()
    rest, cursor = sync(site, key, first["next_cursor"])
    working.join(timeout=120)
    time.sleep(SETTLE.total_seconds() + 1)
    later, cursor = sync(site, key, cursor)
    seen = first["items"] + rest + later

    truth = json.loads(shell(site, """
        import json
        from articles.models import Article
        print(json.dumps(dict(Article.objects.published().values_list("pk", "headline"))))
    """))  # fmt: skip
    last = {item["id"]: item for item in seen}
    assert {int(pk) for pk in truth} == {pk for pk, item in last.items() if item["kind"] == "article"}
    assert len(truth) >= 1000
    assert last[changes["edited"]]["headline"] == "Edited while the partner paged"
    assert "Published while the partner paged" in {item.get("headline") for item in last.values()}
    assert {pk: last[pk]["reason"] for pk in (changes["unpublished"], changes["deleted"])} == {
        changes["unpublished"]: "unpublished", changes["deleted"]: "deleted",
    }  # fmt: skip
    times = Counter(item["id"] for item in seen)
    assert {pk for pk, n in times.items() if n > 1} <= set(changes.values()), "an unchanged article came twice"
    assert max(times.values()) <= 2
    assert len({(item["id"], item["changed_at"]) for item in seen}) == len(seen), "one change came twice"
    assert sync(site, key, cursor)[0] == []


def test_an_unchanged_answer_is_a_304_over_http(site):
    listed = get(site, "/api/v1/articles/?limit=1").json["items"][0]
    path = f"/api/v1/articles/{listed['id']}/"
    first = get(site, path)
    assert first.status == 200
    assert get(site, path, **{"If-None-Match": first.headers["ETag"]}).status == 304
    assert get(site, path, **{"If-Modified-Since": first.headers["Last-Modified"]}).status == 304


def test_a_keys_scope_expiry_and_rate_over_http(site):
    summary = make_key(site, scope="summary", per_minute=3, allowed_origins="https://partner.example")
    full = make_key(site, scope="full", per_minute=100)
    listed = get(site, "/api/v1/articles/?limit=1").json["items"][0]
    path = f"/api/v1/articles/{listed['id']}/"
    assert get(site, path, Authorization=f"Bearer {full}").json["body_html"]
    answers = [get(site, path, Authorization=f"Bearer {summary}", Origin="https://partner.example") for _ in range(4)]
    assert [answer.status for answer in answers] == [200, 200, 200, 429]
    assert answers[0].json["body_html"] is None
    assert answers[0].headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert int(answers[3].headers["Retry-After"]) > 0
    shell(site, f"""
        from django.utils import timezone
        from api.models import ApiKey
        ApiKey.objects.filter(prefix="{full.split("_")[1]}").update(expires_at=timezone.now())
    """)  # fmt: skip
    assert get(site, path, Authorization=f"Bearer {full}").status == 401


def test_the_jobs_worker_sends_a_signed_webhook_when_an_article_is_published_and_none_for_a_draft(site, receiver):
    receiver.requests.clear()
    made = json.loads(shell(site, """
        import json
        from articles import services
        from articles.models import Article, Section, Status
        section = Section.objects.first()
        draft = services.article_save(article=Article(headline="Draft for no one", section=section), by=editor)
        story = services.article_save(article=Article(headline="Ports reopen", section=section), by=editor)
        services.article_publish(article=story, by=editor)
        print(json.dumps({"draft": draft.pk, "story": story.pk}))
    """))  # fmt: skip
    wait_until(lambda: receiver.requests, what="the webhook delivered", seconds=30, every=0.2,
               explain=lambda: site.log.read_text()[-3000:])  # fmt: skip
    time.sleep(2)  # anything else the worker would send
    (delivery,) = receiver.requests
    body = json.loads(delivery.body)
    assert (body["event"], body["article"]["id"]) == ("published", made["story"])
    fields = dict(part.split("=", 1) for part in delivery.headers["X-Newsroom-Signature"].split(","))
    expected = hmac.new(site.secret.encode(), f"{fields['t']}.".encode() + delivery.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, fields["v1"]) and abs(time.time() - int(fields["t"])) < 60
