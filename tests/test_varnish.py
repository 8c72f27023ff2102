"""Varnish in front of `make serve`, with deploy/varnish.vcl: it serves readers' pages itself, and every change an
editor makes shows through it at once, because the site purges it by key (EDGE_PURGER=varnish).

Real processes: gunicorn as `make serve` runs it, its workers sharing a Redis, and Debian's varnishd (`make
varnish`). Readers and editors reach the site only through Varnish; changes made outside the admin (a shell, a
command) purge it too.
"""

import http.client
import json
import re
import textwrap
from types import SimpleNamespace

import pytest
import redis

from tests.helpers.editor_session import article_in_review, editor_cookies, recovery_codes, run_action
from tests.helpers.redis_server import redis_url
from tests.helpers.served_site import (
    EDITOR_PASSWORD,
    HOST,
    REFERENCE_ARTICLE,
    free_port,
    manage,
    request,
    start_serving,
    stop_serving,
    wait_until_up,
    write_env_file,
)
from tests.helpers.varnish import start_varnish, stop_varnish
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.server

REDIS_URL = redis_url(10)


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish")
    redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
    app_port, varnish_port = free_port(), free_port()
    env_file = write_env_file(
        folder, PORT=str(app_port), REDIS_URL=REDIS_URL, WEB_CONCURRENCY="2", EDGE_PURGER="varnish",
        VARNISH_PURGE_URLS=f"http://127.0.0.1:{varnish_port}",
    )  # fmt: skip
    server = varnish = None
    try:
        server = start_serving(env_file, folder / "serve.log")
        wait_until_up(server, app_port, folder / "serve.log")
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        codes = recovery_codes(env_file, 2)
        varnish = start_varnish(folder, varnish_port, app_port)
        yield SimpleNamespace(port=varnish_port, env_file=env_file, codes=codes)
    finally:
        if varnish:
            stop_varnish(varnish)
        if server:
            stop_serving(server)


def through(edge, path, **kwargs):
    status, headers, page = request(edge.port, path, **kwargs)
    return SimpleNamespace(status=status, headers=headers, page=page, cache=headers.get("X-Cache"))


def served_twice(edge, path):
    """The page through Varnish once it holds it: the second of two requests."""
    through(edge, path)
    return through(edge, path)


def in_shell(edge, code):
    """Python run by `manage.py shell` under the site's settings, as an operator or a command changes things."""
    result = manage(edge.env_file, "shell", "-c", textwrap.dedent(code))
    assert result.returncode == 0, result.stderr


def shows(edge, path, text):
    def fresh():
        answer = through(edge, path)
        return answer.status == 200 and text in answer.page

    wait_until(fresh, what=f"{text!r} showing at {path} through Varnish")


@pytest.mark.parametrize("path", ["/", REFERENCE_ARTICLE, "/feeds/rss/"])
def test_a_readers_second_request_is_answered_by_varnish(edge, path):
    answer = served_twice(edge, path)
    assert answer.status == 200 and answer.cache == "hit"
    assert int(answer.headers["Age"]) >= 0
    # Browsers still revalidate, and never see the keys.
    assert answer.headers["Cache-Control"].startswith("public, max-age=0, must-revalidate, s-maxage=")
    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(answer.headers)


@pytest.mark.parametrize("path", ["/2025/01/01/no-such-story/", "/admin/login/"])
def test_what_is_not_a_readers_page_goes_through_varnish_every_time(edge, path):
    assert [through(edge, path).cache for _ in range(2)] == ["pass", "pass"]


def test_tracking_parameters_and_cookies_share_the_readers_copy(edge):
    served_twice(edge, REFERENCE_ARTICLE)
    tagged = through(edge, f"{REFERENCE_ARTICLE}?utm_source=newsletter", headers={"Cookie": "consent=yes"})
    assert tagged.cache == "hit"


def test_a_publish_in_the_admin_shows_through_varnish(edge):
    cookies = editor_cookies(edge.port, edge.codes.pop())
    article_id, headline = article_in_review(edge.port, cookies)
    home = served_twice(edge, "/")
    assert home.cache == "hit" and headline not in home.page

    run_action(edge.port, cookies, "publish", article_id)

    shows(edge, "/", headline)
    address = re.search(r'href="(/\d{4}/\d\d/\d\d/[^"]+/)"[^>]*>\s*' + re.escape(headline), through(edge, "/").page)
    assert through(edge, address.group(1)).status == 200


def test_an_edit_shows_through_varnish(edge):
    assert served_twice(edge, REFERENCE_ARTICLE).cache == "hit"
    in_shell(
        edge,
        f"""
        from articles import services
        from articles.models import Article
        from django.contrib.auth import get_user_model
        article = Article.objects.get(slug="{REFERENCE_ARTICLE.split("/")[-2]}")
        article.headline = "Taiwan and the US deepen military ties, edited"
        services.article_save(article=article, by=get_user_model().objects.get(username="editor"))
        """,
    )
    shows(edge, REFERENCE_ARTICLE, "Taiwan and the US deepen military ties, edited")


def test_a_correction_shows_through_varnish(edge):
    assert served_twice(edge, REFERENCE_ARTICLE).cache == "hit"
    in_shell(
        edge,
        f"""
        from articles import services
        from articles.models import Article
        from django.contrib.auth import get_user_model
        article = Article.objects.get(slug="{REFERENCE_ARTICLE.split("/")[-2]}")
        services.correction_add(
            article=article, by=get_user_model().objects.get(username="editor"),
            text="An earlier version gave the wrong date for the exercises.",
        )
        """,
    )
    shows(edge, REFERENCE_ARTICLE, "An earlier version gave the wrong date for the exercises.")


def test_a_draft_save_leaves_readers_pages_in_varnish(edge):
    for path in ("/", REFERENCE_ARTICLE):
        assert served_twice(edge, path).cache == "hit"
    in_shell(
        edge,
        """
        from articles import services
        from articles.models import Article, Status
        from django.contrib.auth import get_user_model
        draft = Article.objects.filter(status=Status.DRAFT).first()
        draft.body += "<p>Another paragraph, not yet read by anyone.</p>"
        services.article_save(article=draft, by=get_user_model().objects.get(username="editor"))
        """,
    )
    assert [through(edge, path).cache for path in ("/", REFERENCE_ARTICLE)] == ["hit", "hit"]


def test_a_scheduled_article_shows_through_varnish_when_its_time_comes(edge):
    headline = "Typhoon season ends early, forecasters say"
    in_shell(
        edge,
        f"""
        import datetime
        from articles import services
        from articles.models import Article, Section
        from django.contrib.auth import get_user_model
        from django.utils import timezone
        editor = get_user_model().objects.get(username="editor")
        article = services.article_save(
            article=Article(headline="{headline}", section=Section.objects.first(), body="<p>Calm seas.</p>"), by=editor
        )
        # Later than the purge sent again after the save (EDGE_PURGE_AGAIN_SECONDS), which would show it by chance.
        services.article_schedule(article=article, by=editor, publish_at=timezone.now() + datetime.timedelta(seconds=8))
        """,
    )
    assert headline not in served_twice(edge, "/").page
    shows(edge, "/", headline)


def test_logged_in_editors_pass_varnish_and_get_their_own_pages(edge):
    served_twice(edge, "/")
    cookies = editor_cookies(edge.port, edge.codes.pop())
    for path in ("/", REFERENCE_ARTICLE, "/admin/"):
        answer = through(edge, path, headers={"Cookie": cookies})
        assert answer.status == 200 and answer.cache == "pass", path
        assert "private" in answer.headers["Cache-Control"]


def test_only_the_site_may_purge_varnish(edge):
    """deploy/varnish.vcl's purgers ACL holds 127.0.0.1 alone: a PURGE from any other address is refused."""
    assert served_twice(edge, "/").cache == "hit"
    elsewhere = http.client.HTTPConnection("127.0.0.1", edge.port, timeout=10, source_address=("127.0.0.2", 0))
    try:
        elsewhere.request("PURGE", "/", headers={"Host": HOST, "xkey-purge": "all"})
        assert elsewhere.getresponse().status == 405
    finally:
        elsewhere.close()
    assert through(edge, "/").cache == "hit"


def test_the_apis_answers_to_anyone_are_kept_and_purged_and_a_keys_pass(edge):
    slug = REFERENCE_ARTICLE.split("/")[-2]
    listed = json.loads(through(edge, "/api/v1/articles/?limit=100").page)["items"]
    (item,) = [item for item in listed if item["url"].endswith(REFERENCE_ARTICLE)]
    path = f"/api/v1/articles/{item['id']}/"
    assert served_twice(edge, path).cache == "hit"

    in_shell(
        edge,
        f"""
        from articles import services
        from articles.models import Article
        from django.contrib.auth import get_user_model
        article = Article.objects.get(slug="{slug}")
        article.standfirst = "Edited for the API through Varnish."
        services.article_save(article=article, by=get_user_model().objects.get(username="editor"))
        """,
    )
    shows(edge, path, "Edited for the API through Varnish.")

    made = manage(edge.env_file, "shell", "-c", (
        "from api import services; from api.models import ApiKey; from django.contrib.auth import get_user_model; "
        "print(services.api_key_create(key=ApiKey(name='Partner', scope='full'), "
        "by=get_user_model().objects.get(username='editor'), sections=()))"
    ))  # fmt: skip
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    keyed = [through(edge, path, headers={"Authorization": f"Bearer {secret}"}) for _ in range(2)]
    assert [answer.cache for answer in keyed] == ["pass", "pass"]
    assert json.loads(keyed[1].page)["body_html"] and json.loads(through(edge, path).page)["body_html"] is None


def shell_answer(edge, expression):
    """What `expression` gives under the site's settings, as `manage.py shell` prints it."""
    result = manage(edge.env_file, "shell", "-c", f"from articles.models import Article; print({expression})")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_renamed_articles_old_address_leaves_varnish_and_sends_readers_on(edge):
    reference = REFERENCE_ARTICLE.split("/")[-2]
    pk = int(shell_answer(edge, f"Article.objects.published().exclude(slug='{reference}').first().pk"))
    old = shell_answer(edge, f"Article.objects.get(pk={pk}).get_absolute_url()")
    assert served_twice(edge, old).cache == "hit"

    in_shell(
        edge,
        f"""
        from articles import services
        from articles.models import Article
        from django.contrib.auth import get_user_model
        article = Article.objects.get(pk={pk})
        article.slug = article.slug + "-renamed"
        services.article_save(article=article, by=get_user_model().objects.get(username="editor"))
        """,
    )

    wait_until(lambda: through(edge, old).status == 301, what=f"{old} redirecting through Varnish")
    answer = through(edge, old)
    assert answer.headers["Location"] == old.rstrip("/") + "-renamed/"
    assert through(edge, answer.headers["Location"]).status == 200
