"""Blocks many reader pages share (the navigation, the most-read list): worked out once in each process and reused
until a purge of what they show (articles.purge), their lifetime or a scheduled change (a publication, an expiry:
cached pages end there too) ends them.

Reading them for every uncached page cost each page a query, and the most-read list a sort of a month's articles
by their views (a third of an uncached article page's database time at 100,000 articles).
"""

import threading
import time
from dataclasses import dataclass
from typing import Any

from articles import dependencies, purge

_blocks = []


@dataclass(frozen=True)
class _Kept:
    value: Any
    tokens: dict
    until: float  # time.time()
    moments_passed: int


class SharedBlock:
    """`compute()`'s value (or one a page worked out and kept), reused while the purge tokens of `keys` stay as they
    were when it was worked out and for at most `lifetime` seconds."""

    def __init__(self, keys, compute=None, lifetime=None):
        self.compute = compute
        self.keys = {*keys, dependencies.ALL}
        self.lifetime = lifetime
        self.kept = None
        self.lock = threading.Lock()
        _blocks.append(self)

    def get(self):
        """The value, computed now unless this process holds it."""
        value = self.held()
        if value is not None:
            return value
        with self.lock:  # one thread computes; the others wait for its value rather than compute it again
            value = self.held()
            if value is None:
                tokens = self.tokens()
                value = self.compute()
                self.keep(value, tokens)
            return value

    def held(self):
        """The value this process holds, or None."""
        kept = self.kept
        if (
            kept is not None
            and time.time() < kept.until
            and purge.state.moments_passed == kept.moments_passed
            and self.tokens() == kept.tokens
        ):
            return kept.value
        return None

    def tokens(self) -> dict:
        """The purge tokens of what the block shows, read before working it out: a purge while it is worked out
        changes them, so the value is held no further."""
        return purge.tokens(self.keys)

    def keep(self, value, tokens: dict) -> None:
        """Hold `value`, worked out after `tokens` were read."""
        until = time.time() + self.lifetime if self.lifetime is not None else float("inf")
        self.kept = _Kept(value, tokens, until, purge.state.moments_passed)

    def clear(self):
        self.kept = None


def clear() -> None:
    """Forget every shared block: each test starts with none."""
    for block in _blocks:
        block.clear()
