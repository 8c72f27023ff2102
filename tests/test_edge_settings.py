"""The edge's settings: start-up refuses a purger missing what it needs, in one line saying what to set."""

import pytest

from tests.helpers.settings_check import read_settings, run_check


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EDGE_PURGER": "akamai"}, "EDGE_PURGER must be one of none, varnish, cloudflare, fastly, cloudfront"),
        ({"EDGE_PURGER": "cloudflare", "CLOUDFLARE_ZONE_ID": "z"}, "so CLOUDFLARE_API_TOKEN must be set too"),
        ({"EDGE_PURGER": "fastly"}, "so FASTLY_SERVICE_ID and FASTLY_API_TOKEN must be set too"),
        ({"EDGE_PURGER": "cloudfront"}, "so CLOUDFRONT_DISTRIBUTION_ID must be set too"),
        ({"EDGE_MAX_AGE": "an hour"}, "EDGE_MAX_AGE must be a whole number"),
        ({"EDGE_KEY_PREFIX": "my site"}, "EDGE_KEY_PREFIX may hold only letters, digits, - and _"),
    ],
    ids=["unknown", "cloudflare-token", "fastly", "cloudfront", "max-age", "prefix"],
)
def test_a_misconfigured_edge_is_refused_at_start_up(tmp_path, env, message):
    result = run_check(tmp_path, DEBUG="true", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_without_a_purger_no_shared_cache_keeps_pages_and_with_one_for_an_hour(tmp_path):
    assert read_settings(tmp_path, "s.EDGE_MAX_AGE", DEBUG="true") == 0
    assert read_settings(tmp_path, "[s.EDGE_MAX_AGE, s.VARNISH_PURGE_URLS]", DEBUG="true", EDGE_PURGER="varnish") == [
        3600,
        ["http://127.0.0.1:6081"],
    ]
