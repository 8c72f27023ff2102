"""Settings for the edge: a CDN or reverse proxy in front of the site that keeps readers' pages and is purged by
key (articles/edge/, README.md, "A CDN or Varnish in front"). newsroom/settings.py takes them all.

EDGE_PURGER names the one in front; each needs its own settings, and start-up refuses a purger missing one.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import env_http_url, env_int, env_list

PURGERS = ("none", "varnish", "cloudflare", "fastly", "cloudfront")

EDGE_PURGER = os.environ.get("EDGE_PURGER", "").strip().lower() or "none"
if EDGE_PURGER not in PURGERS:
    raise ImproperlyConfigured(f"EDGE_PURGER must be one of {', '.join(PURGERS)}, not {EDGE_PURGER!r}.")
# How long a shared cache may keep a reader's page (s-maxage). Nothing purges an edge that is not configured,
# so without a purger no shared cache may keep pages at all.
EDGE_MAX_AGE = env_int("EDGE_MAX_AGE", 0 if EDGE_PURGER == "none" else 3600)
# How long past that it may still serve the page while it fetches a fresh one, or while the site answers errors.
EDGE_STALE_WHILE_REVALIDATE = env_int("EDGE_STALE_WHILE_REVALIDATE", 30)
EDGE_STALE_IF_ERROR = env_int("EDGE_STALE_IF_ERROR", 24 * 60 * 60)
# Put before every key, so that several sites can share one CDN zone or Varnish and purge only their own pages.
EDGE_KEY_PREFIX = os.environ.get("EDGE_KEY_PREFIX", "").strip()
# Seconds a purge request may take before it is given up (and logged): an editor's save waits for it.
EDGE_PURGE_TIMEOUT = env_int("EDGE_PURGE_TIMEOUT", 3)
# A purge is sent again this long after the first, when every app process has caught up with the change (within
# PAGE_CACHE_CHECK_SECONDS): a page the edge fetched meanwhile from a process not yet aware of it is dropped too.
# Unset, PAGE_CACHE_CHECK_SECONDS + 1; 0 sends each purge once (CloudFront charges per address past 1,000 a month).
EDGE_PURGE_AGAIN_SECONDS = env_int("EDGE_PURGE_AGAIN_SECONDS", None)
durations = [EDGE_MAX_AGE, EDGE_STALE_WHILE_REVALIDATE, EDGE_STALE_IF_ERROR, EDGE_PURGE_AGAIN_SECONDS or 0]
if min(durations) < 0 or EDGE_PURGE_TIMEOUT < 1:
    raise ImproperlyConfigured("The EDGE_* durations must be 0 seconds or more, and EDGE_PURGE_TIMEOUT at least 1.")
if not EDGE_KEY_PREFIX.replace("-", "").replace("_", "").isalnum() and EDGE_KEY_PREFIX:
    raise ImproperlyConfigured(f"EDGE_KEY_PREFIX may hold only letters, digits, - and _, not {EDGE_KEY_PREFIX!r}.")

# Varnish (deploy/varnish.vcl): the address of each Varnish server, which accepts PURGE from this machine.
VARNISH_PURGE_URLS = env_list("VARNISH_PURGE_URLS") or env_list("VARNISH_PURGE_URL") or ["http://127.0.0.1:6081"]
# Cloudflare: the zone, and an API token allowed "Cache Purge" on it. The API's address changes only in tests.
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "").strip()
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "").strip()
CLOUDFLARE_API_URL = env_http_url("CLOUDFLARE_API_URL") or "https://api.cloudflare.com/client/v4"
# Fastly: the service, and an API token with the purge_select scope.
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "").strip()
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "").strip()
FASTLY_API_URL = env_http_url("FASTLY_API_URL") or "https://api.fastly.com"
# CloudFront: the distribution; boto3 finds the credentials as for uploads (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role), allowed cloudfront:CreateInvalidation.
CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip()
CLOUDFRONT_ENDPOINT_URL = env_http_url("CLOUDFRONT_ENDPOINT_URL")

required = {
    "varnish": ["VARNISH_PURGE_URLS"],
    "cloudflare": ["CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN"],
    "fastly": ["FASTLY_SERVICE_ID", "FASTLY_API_TOKEN"],
    "cloudfront": ["CLOUDFRONT_DISTRIBUTION_ID"],
}.get(EDGE_PURGER, [])
missing = [name for name in required if not globals()[name]]
if missing:
    raise ImproperlyConfigured(f"EDGE_PURGER is {EDGE_PURGER}, so {' and '.join(missing)} must be set too.")
