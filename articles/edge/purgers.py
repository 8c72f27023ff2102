"""One purger per edge, each sending the requests its API documents, as few as its batch limit allows.

A request that fails is logged and the others still go: one Varnish down leaves the rest purged.
"""

import json
import logging
import urllib.error
import urllib.request
import uuid

from django.conf import settings

from articles.edge import paths
from articles.edge.keys import ALL, edge_keys

log = logging.getLogger("articles.edge")

# Keys (or paths) per request, as each API allows: Cloudflare takes 30 tags on every plan, Fastly 256 keys, a
# CloudFront invalidation 3,000 paths; Varnish reads one header, which its http_req_hdr_len (8 KB) bounds.
CLOUDFLARE_BATCH = 30
FASTLY_BATCH = 256
CLOUDFRONT_BATCH = 3000
VARNISH_BATCH = 200


def batches(items, size):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def send(edge, method, url, *, headers, body=None) -> bytes | None:
    """The answer's body, or None (logged) when the request failed or the edge refused it."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 (http(s) only)
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        log.error("%s refused a purge with %s: %s", edge, error.code, error.read()[:500].decode("utf-8", "replace"))
    except OSError as error:  # refused, unreachable, timed out
        log.error("%s could not be reached to purge (%s): %s", edge, url, error)
    return None


def varnish(keys):
    """PURGE with the keys in an xkey-purge header, which deploy/varnish.vcl accepts from its ACL."""
    for server in settings.VARNISH_PURGE_URLS:
        for batch in batches(edge_keys(keys), VARNISH_BATCH):
            send("Varnish", "PURGE", f"{server.rstrip('/')}/", headers={"xkey-purge": " ".join(batch)})


def cloudflare(keys):
    """POST /zones/<zone>/purge_cache {"tags": [...]}: the pages whose Cache-Tag holds any of them."""
    url = f"{settings.CLOUDFLARE_API_URL}/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
    headers = {"Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}", "Content-Type": "application/json"}
    for batch in batches(edge_keys(keys), CLOUDFLARE_BATCH):
        answer = send("Cloudflare", "POST", url, headers=headers, body=json.dumps({"tags": batch}).encode())
        if answer is not None and not json.loads(answer).get("success"):
            log.error("Cloudflare did not purge %s: %s", " ".join(batch), answer[:500].decode("utf-8", "replace"))


def fastly(keys):
    """POST /service/<id>/purge with the keys in a Surrogate-Key header: the pages whose Surrogate-Key holds any."""
    url = f"{settings.FASTLY_API_URL}/service/{settings.FASTLY_SERVICE_ID}/purge"
    for batch in batches(edge_keys(keys), FASTLY_BATCH):
        headers = {"Fastly-Key": settings.FASTLY_API_TOKEN, "Surrogate-Key": " ".join(batch)}
        send("Fastly", "POST", url, headers={**headers, "Accept": "application/json"})


def cloudfront(keys):
    """A CloudFront invalidation of the addresses served with any of the keys (CloudFront knows no keys)."""
    import boto3  # only a site behind CloudFront pays for loading it
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    addresses = ["/*"] if ALL in keys else paths.of(keys)
    if not addresses:
        return
    client = boto3.client(
        "cloudfront",
        region_name="us-east-1",  # CloudFront's API is global, signed for this region
        endpoint_url=settings.CLOUDFRONT_ENDPOINT_URL or None,
        config=Config(
            connect_timeout=settings.EDGE_PURGE_TIMEOUT,
            read_timeout=settings.EDGE_PURGE_TIMEOUT,
            retries={"mode": "standard", "max_attempts": 2},
        ),
    )
    for batch in batches(addresses, CLOUDFRONT_BATCH):
        try:
            client.create_invalidation(
                DistributionId=settings.CLOUDFRONT_DISTRIBUTION_ID,
                InvalidationBatch={
                    "Paths": {"Quantity": len(batch), "Items": batch},
                    "CallerReference": uuid.uuid4().hex,
                },
            )
        except (BotoCoreError, ClientError) as error:
            log.error("CloudFront did not invalidate %s: %s", " ".join(batch), error)


PURGERS = {"varnish": varnish, "cloudflare": cloudflare, "fastly": fastly, "cloudfront": cloudfront}
