"""Sign-in throttling, per account and per client, in memory (nothing about clients is stored).

Only failures count: after *limit* failures within 15 minutes, sign-in for that account
(or from that client) is refused without checking the password, with the same message
whatever the cause. Keys are salted hashes. Checking a key never records it; at most
10,000 keys below their limit are remembered (the oldest forgotten first), and a key that
reached its limit is kept until its window passes, never evicted to make room: a flood of
other names cannot unblock an account.
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
        """Keys below the limit, least recently failed first (evicted first)."""
        self._blocked: dict[str, deque[float]] = {}
        """Keys at the limit: dropped only when their window passes."""
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._failures) + len(self._blocked)

    def _key(self, raw: str) -> str:
        return hashlib.blake2b(raw.encode("utf-8", "replace"), key=self._salt, digest_size=16).hexdigest()

    def _count(self, key: str, now: float) -> int:
        events = self._blocked.get(key) or self._failures.get(key) or ()
        return sum(1 for at in events if at > now - self.window)

    def is_full(self, raw: str, now: float | None = None) -> bool:
        """Whether *raw* reached the limit; records nothing."""
        with self._lock:
            return self._count(self._key(raw), time.monotonic() if now is None else now) >= self.limit

    def add(self, raw: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        key = self._key(raw)
        with self._lock:
            events = self._blocked.pop(key, None) or self._failures.pop(key, None) or deque()
            while events and events[0] <= now - self.window:
                events.popleft()
            events.append(now)
            if len(events) >= self.limit:
                self._blocked[key] = events
                self._forget_expired(now)
            else:
                self._failures[key] = events
                while len(self._failures) > MAX_KEYS:
                    self._failures.popitem(last=False)

    def _forget_expired(self, now: float) -> None:
        """Blocked keys whose last failure left the window (at most once per new block)."""
        if len(self._blocked) > MAX_KEYS:
            for key in [key for key, events in self._blocked.items() if events[-1] <= now - self.window]:
                del self._blocked[key]

    def clear(self, raw: str) -> None:
        with self._lock:
            key = self._key(raw)
            self._failures.pop(key, None)
            self._blocked.pop(key, None)


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
