"""Anti-abuse for the feedback channel, without storing anything about the visitor.

- a honeypot field (``website``) that people never see and robots fill in;
- a bounded in-memory rate limit per client, keyed by a salted hash of the client
  address. The salt is random per process and the hash lives only in memory: no IP
  address (nor its hash) is ever written to the database or the logs.

The HTML form (``registry.pages``) and the JSON API both use :func:`check_feedback`;
the "did this page help?" buttons use :func:`vote_limiter` and :func:`same_origin`.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict, deque
from urllib.parse import urlsplit

from fastapi import Request

from registry.errors import TooManyRequests

HONEYPOT_FIELD = "website"
"""Name of the hidden form/JSON field; any value in it marks the sender as a robot."""


def is_honeypot_filled(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


class RateLimiter:
    """At most *per_minute* events per client in any 60 s window; at most *max_clients* remembered."""

    def __init__(self, per_minute: int, *, max_clients: int = 10_000, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self.window = window
        self._salt = secrets.token_bytes(16)
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, client: str) -> str:
        return hashlib.blake2b(client.encode("utf-8", "replace"), key=self._salt, digest_size=16).hexdigest()

    def allow(self, client: str | None, *, now: float | None = None) -> bool:
        """Record one event for *client*; False when it is over the limit (the event is not counted)."""
        now = time.monotonic() if now is None else now
        key = self.key(client or "unknown")
        with self._lock:
            events = self._events.pop(key, None) or deque()
            while events and events[0] <= now - self.window:
                events.popleft()
            allowed = len(events) < self.per_minute
            if allowed:
                events.append(now)
            self._events[key] = events
            while len(self._events) > self.max_clients:
                self._events.popitem(last=False)
            return allowed

    def __len__(self) -> int:
        return len(self._events)


def same_origin(request: Request) -> bool:
    """No cookies exist, but refuse cross-site posts: Origin/Referer host must be ours when sent."""
    ours = str(urlsplit(request.app.state.urls.base_url).netloc).lower()
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value and value != "null":
            return urlsplit(value).netloc.lower() == ours
    return True


def client_address(request: Request) -> str:
    """The address a request came from (the proxy's, behind one that does not forward it): what limits count."""
    return request.client.host if request.client else "unknown"


def feedback_limiter(request: Request) -> RateLimiter:
    """The app's limiter of messages (``DTPR_API__FEEDBACK_PER_MINUTE``)."""
    limiter: RateLimiter = request.app.state.feedback_limiter
    return limiter


def within_feedback_limit(request: Request) -> bool:
    """Count one feedback post of this connection; False when it is over the limit."""
    return feedback_limiter(request).allow(client_address(request))


def check_feedback(request: Request, honeypot: object) -> bool:
    """True when the message should be stored, False when a robot filled the honeypot.

    Raises :class:`TooManyRequests` (429, the one error shape) over the rate limit. A
    honeypot hit is answered as if it succeeded, so robots learn nothing.
    """
    if is_honeypot_filled(honeypot):
        return False
    if not within_feedback_limit(request):
        raise TooManyRequests("too many messages from this connection; please wait a minute and try again")
    return True


def vote_limiter(request: Request) -> RateLimiter:
    """The app's limiter of "did this page help?" answers (``DTPR_API__VOTES_PER_MINUTE``)."""
    limiter: RateLimiter = request.app.state.vote_limiter
    return limiter
