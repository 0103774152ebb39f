"""The bounded hand-off between paho's network thread and the writer thread.

A ``queue.Queue`` wakes its consumer for every message: at thousands of messages a
second both threads then trade the GIL per message. The inbox wakes the writer when
a batch can start (the first message), when it is full, or every ``gap`` to notice
the stream pausing (the broker may be waiting for our acknowledgements: flush now).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Inbox(Generic[T]):
    def __init__(self, *, capacity: int, batch_size: int, batch_wait: float, gap: float = 0.005) -> None:
        self.capacity = capacity
        self.batch_size = batch_size
        self.batch_wait = batch_wait
        self.gap = gap
        self._items: deque[T] = deque()
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._room = threading.Condition(self._lock)
        self.idle = threading.Event()
        """Set while nothing is queued or being written (see :meth:`done`)."""
        self.idle.set()
        self._taken = 0

    def __len__(self) -> int:
        return len(self._items) + self._taken

    def put(self, item: T, timeout: float) -> bool:
        """Queue *item*, waiting up to *timeout* for room; False when there was none (back-pressure)."""
        with self._lock:
            if len(self._items) >= self.capacity and not self._room.wait_for(
                lambda: len(self._items) < self.capacity, timeout
            ):
                return False
            self.idle.clear()
            self._items.append(item)
            queued = len(self._items)
            if queued == 1 or queued == self.batch_size:
                self._ready.notify()
        return True

    def take(self, *, wait: float, fill: bool = True) -> list[T]:
        """Up to ``batch_size`` items: waits up to *wait* for a first one, then (``fill``) up to ``batch_wait``
        for more, until no message came for ``gap``. Call :meth:`done` once the batch is settled."""
        with self._lock:
            if not self._items and wait > 0:
                self._ready.wait(wait)
            if not self._items:
                if not self._taken:
                    self.idle.set()
                return []
            if fill:
                self._fill()
            count = min(len(self._items), self.batch_size)
            batch = [self._items.popleft() for _ in range(count)]
            self._taken += count
            self._room.notify_all()
        return batch

    def _fill(self) -> None:
        deadline = time.monotonic() + self.batch_wait
        seen = len(self._items)
        while seen < self.batch_size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._ready.wait(min(remaining, self.gap))
            if len(self._items) == seen:
                return  # a gap: the stream paused, or the broker waits for our acknowledgements
            seen = len(self._items)

    def done(self, count: int) -> None:
        """*count* taken items are recorded (or given up on: the broker redelivers them)."""
        with self._lock:
            self._taken -= count
            if not self._taken and not self._items:
                self.idle.set()
