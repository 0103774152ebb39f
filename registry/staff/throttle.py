"""Sign-in throttling, per account and per client, in memory (nothing about clients is stored).

Only failures count: after *limit* failures within 15 minutes, sign-in for that account
(or from that client) is refused without checking the password, with the same message
whatever the cause. Keys are salted hashes; at most 10,000 are remembered.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict, deque

from fastapi import Request

WINDOW_SECONDS = 15 * 60.0
MAX_KEYS = 10_000


class FailureWindow:
    """Failures per key in a sliding window."""

    def __init__(self, limit: int, window: float = WINDOW_SECONDS) -> None:
        self.limit, self.window = limit, window
        self._salt = secrets.token_bytes(16)
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _key(self, raw: str) -> str:
        return hashlib.blake2b(raw.encode("utf-8", "replace"), key=self._salt, digest_size=16).hexdigest()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._failures.pop(key, None) or deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        self._failures[key] = events
        while len(self._failures) > MAX_KEYS:
            self._failures.popitem(last=False)
        return events

    def is_full(self, raw: str, now: float | None = None) -> bool:
        with self._lock:
            return len(self._recent(self._key(raw), time.monotonic() if now is None else now)) >= self.limit

    def add(self, raw: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(self._key(raw), now).append(now)

    def clear(self, raw: str) -> None:
        with self._lock:
            self._failures.pop(self._key(raw), None)


class SignInThrottle:
    def __init__(self, per_account: int, per_client: int) -> None:
        self.accounts = FailureWindow(per_account)
        self.clients = FailureWindow(per_client)

    def blocked(self, email: str, client: str) -> bool:
        return self.accounts.is_full(email.strip().lower()) or self.clients.is_full(client)

    def failed(self, email: str, client: str) -> None:
        self.accounts.add(email.strip().lower())
        self.clients.add(client)

    def succeeded(self, email: str) -> None:
        self.accounts.clear(email.strip().lower())


def throttle_of(request: Request) -> SignInThrottle:
    """The app's throttle (``DTPR_STAFF__SIGN_IN_FAILURES_PER_…``)."""
    throttle: SignInThrottle = request.app.state.staff_throttle
    return throttle
