"""The edge: a CDN or reverse proxy in front of the site (Varnish, Cloudflare, Fastly, CloudFront) keeps readers'
pages, and is told to drop them by key when what they show changes.

A reader's page leaves with the keys of what it shows (headers.py), and every change that purges the page cache
purges the same keys at the edge with purge(keys), once the change is committed. The edge failing never fails
an editor's save: it is logged, and what the edge holds expires within EDGE_MAX_AGE anyway.
"""

import logging
import threading

from django.conf import settings

from articles.edge import purgers

log = logging.getLogger(__name__)


def purge(keys) -> None:
    """Drop every page showing any of `keys` at the configured edge; call it once the change is committed.

    And again EDGE_PURGE_AGAIN_SECONDS later: until every app process has caught up with the change, the edge may
    fetch the page again from one that has not, and would keep that for EDGE_MAX_AGE."""
    if settings.EDGE_PURGER == "none" or not keys:
        return
    send(keys)
    again = settings.EDGE_PURGE_AGAIN_SECONDS
    if again is None:
        again = settings.PAGE_CACHE_CHECK_SECONDS + 1
    if again:
        threading.Timer(again, send, [keys]).start()


def send(keys) -> None:
    try:
        purgers.PURGERS[settings.EDGE_PURGER](set(keys))
    except Exception:
        # Whatever goes wrong at the edge, the change is saved: the page expires there within EDGE_MAX_AGE.
        log.exception("Purging %s at the edge (%s) failed", " ".join(sorted(keys)), settings.EDGE_PURGER)
