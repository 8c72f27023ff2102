"""When the site stops answering, Varnish (deploy/varnish.vcl) keeps serving readers the pages it holds, for as long
as their stale-if-error allows, while a page it never held is an error; `make serve` as in tests/test_varnish.py,
here with pages fresh for a second and stale-while-revalidate of a second, so that only stale-if-error can
explain a page served long after."""

from types import SimpleNamespace

import pytest

from tests.helpers.served_site import (
    EDITOR_PASSWORD,
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

FRESH, STALE_WHILE_REVALIDATE = 1, 1


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish-outage")
    app_port, varnish_port = free_port(), free_port()
    env_file = write_env_file(
        folder, PORT=str(app_port), EDGE_PURGER="varnish", VARNISH_PURGE_URLS=f"http://127.0.0.1:{varnish_port}",
        EDGE_MAX_AGE=str(FRESH), EDGE_STALE_WHILE_REVALIDATE=str(STALE_WHILE_REVALIDATE),
    )  # fmt: skip
    server = varnish = None
    try:
        server = start_serving(env_file, folder / "serve.log")
        wait_until_up(server, app_port, folder / "serve.log")
        demo = manage(env_file, "load_demo", extra_env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert demo.returncode == 0, demo.stderr
        varnish = start_varnish(folder, varnish_port, app_port, stale_while_revalidate=STALE_WHILE_REVALIDATE)
        yield SimpleNamespace(port=varnish_port, server=server)
    finally:
        if varnish:
            stop_varnish(varnish)
        if server:
            stop_serving(server)


def test_readers_get_the_pages_varnish_holds_while_the_site_is_down(edge):
    held = ["/", REFERENCE_ARTICLE]
    for path in held:
        assert request(edge.port, path)[0] == 200
    stop_serving(edge.server)

    def served_stale(path):
        status, headers, _ = request(edge.port, path)
        return status == 200 and int(headers["Age"]) > FRESH + STALE_WHILE_REVALIDATE

    for path in held:
        wait_until(lambda path=path: served_stale(path), what=f"{path} served stale through the outage", seconds=20)
    assert request(edge.port, "/section/asia/")[0] == 503
