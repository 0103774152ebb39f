"""Batches decoded messages into one transaction each, then acknowledges them to the broker.

A message is acknowledged (paho manual ack) only after its batch is committed, so
a gateway killed at any moment loses nothing: the broker redelivers what was not
acknowledged, and recording is idempotent. A failing database is retried with
backoff and nothing is acknowledged meanwhile; a message the database refuses
on its own (not a connection problem) is quarantined instead of blocking the rest.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from dtpr_core.announcement import Announcement, StatusUpdate
from dtpr_core.lorawan import LorawanEvent
from dtpr_core.lorawan_mapping import Mapping, default_mapping
from dtpr_store.db import session_scope
from dtpr_store.reads import sensors_with_entity
from dtpr_store.writes import (
    quarantine_messages,
    record_announcements_bulk,
    record_lorawan_events,
    record_statuses,
)
from gateway.inbox import Inbox
from gateway.lorawan import redact_payload
from gateway.message import ReceivedMessage
from gateway.metrics import GatewayMetrics
from gateway.pipeline import Accepted, Decoded, Quarantined

log = logging.getLogger("dtpr.gateway")

Ack = Callable[[ReceivedMessage], None]


@dataclass(frozen=True, slots=True)
class Pending:
    message: ReceivedMessage
    decoded: Decoded


class Recorder:
    """``submit`` from paho's thread; ``run`` in a writer thread of its own."""

    def __init__(
        self,
        engine: Engine,
        *,
        ack: Ack,
        metrics: GatewayMetrics,
        batch_size: int = 500,
        batch_wait_ms: int = 50,
        quarantine_payload_bytes: int = 4096,
        mapping: Mapping | None = None,
    ) -> None:
        self.engine = engine
        self.mapping = mapping or default_mapping()
        self.ack = ack
        self.metrics = metrics
        self.quarantine_payload_bytes = quarantine_payload_bytes
        self.inbox: Inbox[Pending] = Inbox(
            capacity=max(4 * batch_size, 1000), batch_size=batch_size, batch_wait=batch_wait_ms / 1000
        )
        self.idle = self.inbox.idle
        """Set once every received message is recorded (or quarantined) and acknowledged."""
        self.database_ok = True
        metrics.pending.set_function(lambda: len(self.inbox))

    def submit(self, item: Pending, stop: threading.Event | None = None) -> None:
        """Queue a message; blocks while the writer is behind (back-pressure on the broker)."""
        while not self.inbox.put(item, timeout=0.5):
            if stop is not None and stop.is_set():
                return  # not acknowledged: the broker redelivers it next time

    def run(self, stop: threading.Event) -> None:
        """Write batches until *stop* is set, then flush what is queued."""
        while not stop.is_set():
            batch = self.inbox.take(wait=0.2)
            if batch:
                self._guarded(batch, stop)
        while batch := self.inbox.take(wait=0, fill=False):
            self._guarded(batch, stop)

    def _guarded(self, batch: list[Pending], stop: threading.Event) -> None:
        try:
            self._write_with_retry(batch, stop)
        except Exception:  # the writer must survive: unacknowledged messages come again at the next connection
            log.exception("could not record a batch of %d messages; left unacknowledged", len(batch))
        finally:
            self.inbox.done(len(batch))

    def _write_with_retry(self, batch: list[Pending], stop: threading.Event) -> None:
        delay, refusals = 0.1, 0
        while True:
            try:
                self._write(batch)
                break
            except OperationalError as error:
                self._database_down(error)
            except (DBAPIError, SQLAlchemyError, ValueError, TypeError) as error:
                refusals += 1
                if refusals < 3:  # most likely a race with another instance (shared subscription): read again
                    time.sleep(random.uniform(0.01, 0.05) * refusals)
                    continue
                if len(batch) == 1:  # refused again and again: the message itself
                    self._quarantine_refused(batch[0], error)
                    break
                log.warning("a batch of %d failed (%s); recording its messages one by one", len(batch), error)
                for item in batch:
                    self._write_with_retry([item], stop)
                return
            if stop.is_set() and not self.database_ok:
                return  # shutting down with the database away: unacknowledged, redelivered next start
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        self._acknowledge(batch)

    def _database_down(self, error: Exception) -> None:
        self.metrics.db_errors.inc()
        if self.database_ok:
            log.error("database write failed, retrying (nothing acknowledged meanwhile): %s", error)
        self.database_ok = False

    def _quarantine_refused(self, item: Pending, error: Exception) -> None:
        message = item.message
        log.warning("database refused the message on %r: %s", message.topic, error)
        reason = f"could not record: {type(error).__name__}: {str(error)[:300]}"
        lorawan = isinstance(item.decoded, Accepted) and bool(item.decoded.lorawan)
        refused = Quarantined(
            message.topic,
            redact_payload(message.payload, self.quarantine_payload_bytes)
            if lorawan  # never a device's payload
            else message.payload[: self.quarantine_payload_bytes],
            len(message.payload),
            reason,
            message.received_at,
        )
        with session_scope(self.engine) as session:
            quarantine_messages(session, items=[refused.as_row()])
        self._acknowledge([Pending(message, refused)])

    def _write(self, batch: list[Pending]) -> None:
        started = time.perf_counter()
        announcements: list[Announcement] = []
        owners: list[int] = []
        with session_scope(self.engine) as session:
            statuses: list[StatusUpdate] = []
            quarantined = []
            lorawan: list[tuple[int, LorawanEvent]] = []
            for index, item in enumerate(batch):
                decoded = item.decoded
                if isinstance(decoded, Quarantined):
                    quarantined.append(decoded.as_row())
                    continue
                mine = [gone for entity in decoded.removals for gone in _removals(session, entity, item.message)]
                mine.extend(decoded.announcements)
                announcements.extend(mine)
                owners.extend([index] * len(mine))
                statuses.extend(decoded.statuses)
                lorawan.extend((index, event) for event in decoded.lorawan)
            if lorawan:
                found = record_lorawan_events(session, events=[e for _, e in lorawan], mapping=self.mapping)
                for (index, _), announcement in zip(lorawan, found, strict=True):
                    if announcement is not None:
                        announcements.append(announcement)
                        owners.append(index)
            outcomes = record_announcements_bulk(session, announcements=announcements)
            if statuses:
                record_statuses(session, updates=statuses)
            if quarantined:
                quarantine_messages(session, items=quarantined)
        if not self.database_ok:
            log.info("database reachable again")
        self.database_ok = True
        self.metrics.batch_seconds.observe(time.perf_counter() - started)
        changed = {owners[i] for i, outcome in enumerate(outcomes) if outcome != "unchanged"}
        self._count(batch, changed)

    def _count(self, batch: list[Pending], changed: set[int]) -> None:
        quarantined: Counter[str] = Counter()
        recorded: Counter[tuple[str, str]] = Counter()
        for index, item in enumerate(batch):
            decoded = item.decoded
            if isinstance(decoded, Quarantined):
                quarantined[decoded.kind] += 1
            else:
                outcome = "changed" if index in changed else ("status" if decoded.statuses else "unchanged")
                recorded[decoded.kind, outcome] += 1
        for reason, count in quarantined.items():
            self.metrics.quarantined.labels(reason).inc(count)
        for (kind, outcome), count in recorded.items():
            self.metrics.recorded.labels(kind, outcome).inc(count)
        oldest = min(item.message.received_at for item in batch)
        self.metrics.lag.set((datetime.now(UTC) - oldest).total_seconds())

    def _acknowledge(self, batch: list[Pending]) -> None:
        for item in batch:
            self.ack(item.message)


def _removals(session: Session, entity: str, message: ReceivedMessage) -> list[Announcement]:
    return [
        Announcement(owner, "homeassistant", message.received_at, entity=entity, withdrawn=True)
        for owner in sensors_with_entity(session, entity=entity)
    ]
