"""Reads of the staff console: accounts, sessions, the audit log, the inbox, the dashboard counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.reads.devices import open_drift, undeclared_devices
from dtpr_store.reads.lorawan import silent_sensors
from dtpr_store.reads.votes import page_votes_by_day, page_votes_by_sensor
from dtpr_store.tables import (
    FeedbackRow,
    PageViewRow,
    QuarantineRow,
    SensorRow,
    SignPrintRow,
    StaffAccountRow,
    StaffAuditRow,
    StaffSessionRow,
)

__all__ = [
    "HelpfulnessVotes",
    "helpfulness_votes",
    "page_views_by_zone",
    "AttentionCounts",
    "FeedbackFilters",
    "attention_counts",
    "count_feedback_awaiting",
    "count_staff_accounts",
    "feedback_by_kind",
    "filter_feedback",
    "find_staff_account",
    "find_staff_session",
    "get_staff_account",
    "last_sign_in",
    "list_audit",
    "list_staff_accounts",
    "outdated_signs",
]


def find_staff_account(session: Session, email: str) -> StaffAccountRow | None:
    return session.exec(select(StaffAccountRow).where(StaffAccountRow.email == email.strip().lower())).first()


def get_staff_account(session: Session, account_id: int) -> StaffAccountRow | None:
    return session.get(StaffAccountRow, account_id)


def count_staff_accounts(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(StaffAccountRow)).one())


def list_staff_accounts(session: Session) -> list[StaffAccountRow]:
    return list(session.exec(select(StaffAccountRow).order_by(col(StaffAccountRow.email))).all())


def find_staff_session(session: Session, id_hash: str) -> StaffSessionRow | None:
    return session.get(StaffSessionRow, id_hash)


def list_audit(session: Session, *, limit: int = 200, offset: int = 0) -> list[StaffAuditRow]:
    query = select(StaffAuditRow).order_by(col(StaffAuditRow.id).desc()).offset(offset).limit(limit)
    return list(session.exec(query).all())


@dataclass(frozen=True, slots=True)
class FeedbackFilters:
    kind: str | None = None
    status: str | None = None
    sensor_id: str | None = None
    zone: str | None = None


def filter_feedback(
    session: Session, filters: FeedbackFilters, *, limit: int = 50, offset: int = 0
) -> tuple[list[FeedbackRow], int]:
    """Feedback matching *filters*, newest first, and the total count (zone: the sensor's zone)."""
    query: Any = select(FeedbackRow)
    if filters.kind:
        query = query.where(FeedbackRow.kind == filters.kind)
    if filters.status:
        query = query.where(FeedbackRow.status == filters.status)
    if filters.sensor_id:
        query = query.where(FeedbackRow.sensor_id == filters.sensor_id)
    if filters.zone:
        zone_ids = select(SensorRow.id).where(SensorRow.zone == filters.zone)
        query = query.where(col(FeedbackRow.sensor_id).in_(zone_ids))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(FeedbackRow.id).desc()).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def feedback_by_kind(session: Session) -> dict[str, int]:
    query: Any = select(FeedbackRow.kind, func.count()).group_by(FeedbackRow.kind)
    return {kind: int(count) for kind, count in session.exec(query)}


def count_feedback_awaiting(session: Session) -> int:
    query: Any = select(func.count()).select_from(FeedbackRow).where(FeedbackRow.status == "new")
    return int(session.exec(query).one())


def last_sign_in(session: Session, account_id: int) -> datetime | None:
    query: Any = select(func.max(StaffSessionRow.created_at)).where(StaffSessionRow.account_id == account_id)
    value: datetime | None = session.exec(query).one()
    return value


def outdated_signs(session: Session) -> list[SensorRow]:
    """Declared, not retired sensors whose sign was never printed or shows an older datachain revision."""
    printed_query: Any = select(SignPrintRow.sensor_id, func.max(SignPrintRow.revision)).group_by(
        SignPrintRow.sensor_id
    )
    printed = {sensor_id: int(revision) for sensor_id, revision in session.exec(printed_query)}
    rows = session.exec(
        select(SensorRow)
        .where(SensorRow.declared == True, SensorRow.status != "retired")  # noqa: E712
        .order_by(col(SensorRow.id))
    ).all()
    return [row for row in rows if printed.get(row.id, -1) < row.revision]


@dataclass(frozen=True, slots=True)
class AttentionCounts:
    """What the console's dashboard shows: each figure links to its list."""

    outdated_signs: int
    undeclared_devices: int
    drift: int
    quarantined_24h: int
    feedback_awaiting: int
    silent_sensors: int


def _count(session: Session, query: Any) -> int:
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())


def attention_counts(session: Session, *, at: datetime, default_interval: int | None = None) -> AttentionCounts:
    return AttentionCounts(
        outdated_signs=len(outdated_signs(session)),
        undeclared_devices=len(undeclared_devices(session)),
        drift=len(open_drift(session)),
        quarantined_24h=_count(
            session, select(QuarantineRow.id).where(QuarantineRow.received_at >= at - timedelta(hours=24))
        ),
        feedback_awaiting=count_feedback_awaiting(session),
        silent_sensors=len(silent_sensors(session, now=at, default_interval=default_interval)),
    )


def page_views_by_zone(session: Session, *, since: date) -> list[tuple[str, int]]:
    """Page views since *since* per zone of the sensor (declared sensors), most viewed first."""
    total = func.sum(PageViewRow.count)
    query: Any = (
        select(SensorRow.zone, total)
        .join(SensorRow, col(SensorRow.id) == col(PageViewRow.sensor_id))
        .where(PageViewRow.day >= since)
        .group_by(SensorRow.zone)
        .order_by(total.desc(), SensorRow.zone)
    )
    return [(zone, int(count)) for zone, count in session.exec(query)]


@dataclass(frozen=True, slots=True)
class HelpfulnessVotes:
    """Answers to the public pages' "did this page help?" question (no personal data)."""

    yes: int
    no: int
    by_sensor: list[tuple[str, int, int]]
    """(sensor id, yes, no), most answered first."""


def helpfulness_votes(session: Session, *, since: date) -> HelpfulnessVotes | None:
    """The "did this page help?" answers since *since* (``page_vote``, migration 0002)."""
    by_day = page_votes_by_day(session, since=since)
    by_sensor = [(c.key, c.helpful, c.not_helpful) for c in page_votes_by_sensor(session, since=since)]
    return HelpfulnessVotes(
        yes=sum(c.helpful for c in by_day), no=sum(c.not_helpful for c in by_day), by_sensor=by_sensor
    )
