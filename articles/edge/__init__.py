"""The edge: a CDN or reverse proxy in front of the site (Varnish, Cloudflare, Fastly, CloudFront) keeps readers'
pages, and is told to drop them by key when what they show changes.

A reader's page leaves with the keys of what it shows (headers.py), and every change that purges the page cache
purges the same keys at the edge with purge(keys), once the change is committed. Purges go from a thread of
their own: a save never waits for the edge, and the keys of a burst of saves (an import) go in a few requests,
not one each. The edge failing never fails a save: it is logged, and what the edge holds expires within
EDGE_MAX_AGE anyway.
"""

import logging
import threading
import time

from django.conf import settings

from articles.edge import purgers

log = logging.getLogger(__name__)


class Sender:
    """Sends the keys it is given, and each again once its repeat is due; keys arriving while it sends go together
    in its next round. Its thread runs while there is something to send and is not a daemon, so a command's last
    purges still go before the command exits."""

    def __init__(self):
        self.lock = threading.Condition()
        self.pending, self.repeats, self.thread = set(), [], None

    @property
    def busy(self) -> bool:
        """Something is being sent, or will be."""
        return self.thread is not None

    def add(self, keys, again_after):
        with self.lock:
            self.pending |= keys
            if again_after:
                self.repeats.append((time.monotonic() + again_after, frozenset(keys)))
            if self.thread is None:
                self.thread = threading.Thread(target=self.run, name="edge-purge")
                self.thread.start()
            self.lock.notify()

    def run(self):
        while keys := self.next_round():
            send(keys)

    def next_round(self):
        """The keys to send now, waiting for the next repeat if need be; None (and the thread ends) when done."""
        with self.lock:
            while True:
                now = time.monotonic()
                self.pending.update(*(keys for due, keys in self.repeats if due <= now))
                self.repeats = [(due, keys) for due, keys in self.repeats if due > now]
                if self.pending:
                    keys, self.pending = self.pending, set()
                    return keys
                if not self.repeats:
                    self.thread = None
                    return None
                self.lock.wait(timeout=min(due for due, _ in self.repeats) - now)


sender = Sender()


def purge(keys) -> None:
    """Drop every page showing any of `keys` at the configured edge; call it once the change is committed.

    And again EDGE_PURGE_AGAIN_SECONDS later: until every app process has caught up with the change, the edge may
    fetch the page again from one that has not, and would keep that for EDGE_MAX_AGE."""
    if settings.EDGE_PURGER == "none" or not keys:
        return
    again = settings.EDGE_PURGE_AGAIN_SECONDS
    sender.add(set(keys), settings.PAGE_CACHE_CHECK_SECONDS + 1 if again is None else again)


def send(keys) -> None:
    try:
        purgers.PURGERS[settings.EDGE_PURGER](keys)
    except Exception:
        # Whatever goes wrong at the edge, the change is saved: the page expires there within EDGE_MAX_AGE.
        log.exception("Purging %s at the edge (%s) failed", " ".join(sorted(keys)), settings.EDGE_PURGER)
