"""Rendered signs kept by content, and a limit on how many are drawn at once (issue #22).

A sign is a pure function of what it shows: the stored register content, revision and
date, the public address, size, languages, format, supervisory authority and product
version. :func:`sign_key` hashes all of them; the key is the cache key and the ETag, so a
cached sign is never stale and a revalidation is answered ``304`` without drawing anything.

Renders run in a worker thread (the renderer itself may hand them to worker processes),
at most ``running`` at a time and ``waiting`` more queued; one more gets ``503`` with
``Retry-After``, so signs can neither crash nor starve the pages. Asking for a sign that
is being drawn waits for that render rather than starting another.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from anyio import to_thread
from fastapi import HTTPException

from dtpr_core import __version__

RETRY_AFTER_S = 5


def sign_key(content: Any, options: Mapping[str, Any], fmt: str, authority: Any) -> str:
    """SHA-256 (hex) of everything a sign shows."""
    shown = [__version__, content, sorted(options.items()), fmt, repr(authority)]
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def etag_of(key: str) -> str:
    return f'"sign-{key[:40]}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when the client's ``If-None-Match`` names *etag* (or ``*``)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


def signs_busy() -> HTTPException:
    return HTTPException(
        503, "too many signs are being drawn right now: ask again in a few seconds", {"Retry-After": str(RETRY_AFTER_S)}
    )


class ByteCache:
    """A least-recently-used mapping of keys to bytes, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # one sign never pushes out most of the others
        with self._lock:
            self.size += len(body) - len(self._items.pop(key, b""))
            self._items[key] = body
            while self.size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


class SignRenders:
    """The app's rendered signs (``app.state.sign_renders``, made by ``create_app``)."""

    def __init__(self, *, running: int, waiting: int, cache_bytes: int) -> None:
        self.cache = ByteCache(cache_bytes)
        self.running, self.admitted_limit = running, running + waiting
        self._admitted = 0
        self._slots: asyncio.Semaphore | None = None
        self._flights: dict[str, asyncio.Future[bytes]] = {}

    async def render(self, key: str, draw: Callable[[], bytes]) -> bytes:
        """The sign of *key*: from the cache, from the render already drawing it, or drawn by *draw*."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        flight = self._flights.get(key)
        if flight is not None:
            return await self._join(flight)
        if self._admitted >= self.admitted_limit:
            raise signs_busy()
        self._admitted += 1
        flight = self._flights[key] = asyncio.get_running_loop().create_future()
        try:
            body = await self._draw(draw)
        except Exception as error:
            flight.set_exception(error)
            flight.exception()  # retrieved: no warning when nobody waited for it
            raise
        except BaseException:
            flight.cancel()
            raise
        finally:
            self._admitted -= 1
            del self._flights[key]
        self.cache.put(key, body)
        flight.set_result(body)
        return body

    async def _draw(self, draw: Callable[[], bytes]) -> bytes:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.running)
        async with self._slots:
            return await to_thread.run_sync(draw)

    @staticmethod
    async def _join(flight: asyncio.Future[bytes]) -> bytes:
        try:
            return await asyncio.shield(flight)
        except asyncio.CancelledError:
            if flight.cancelled():  # the render this request waited for was abandoned, not this request
                raise signs_busy() from None
            raise
