"""Page views without tracking: a counter per (sensor id, day), nothing about the visitor.

Counted: each sensor page answered 200 (a 304 revalidation is the same visitor's
browser checking its copy, so it is not counted). Counts live in memory and are
added to the database with :func:`dtpr_store.writes.add_page_views` every
*interval* seconds by a daemon thread and once more at shutdown. No IP address,
cookie or user agent is read or stored.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import date

from sqlalchemy import Engine

from dtpr_store.db import session_scope
from dtpr_store.writes import add_page_views

log = logging.getLogger("dtpr.registry.pages")


class PageViewCounter:
    """Thread-safe in-memory counts, flushed in one transaction; bounded to *max_keys* pairs."""

    def __init__(self, engine: Engine, *, interval: float = 60.0, max_keys: int = 50_000) -> None:
        self.engine = engine
        self.interval = interval
        self.max_keys = max_keys
        self._counts: Counter[tuple[str, date]] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hit(self, sensor_id: str, day: date) -> None:
        with self._lock:
            if (sensor_id, day) not in self._counts and len(self._counts) >= self.max_keys:
                return  # bounded memory: drop rather than grow without limit
            self._counts[(sensor_id, day)] += 1
        if self._thread is None:
            self.start()

    def pending(self) -> dict[tuple[str, date], int]:
        with self._lock:
            return dict(self._counts)

    def flush(self) -> int:
        """Write the buffered counts; on failure they are put back for the next try."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
        if not counts:
            return 0
        try:
            with session_scope(self.engine) as session:
                add_page_views(session, counts=counts)
        except Exception:
            log.exception("could not write %d page-view counts; keeping them for the next flush", len(counts))
            with self._lock:
                self._counts.update(counts)
            return 0
        return sum(counts.values())

    def start(self) -> None:
        """Start the background flusher (idempotent)."""
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="dtpr-page-views", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the flusher and write what is left (call at shutdown)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self.flush()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()
