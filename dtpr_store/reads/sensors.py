"""Reads of sensor rows: lists with filters, the declared ones by id, facets, history, counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, literal, or_
from sqlmodel import Session, col, select

from dtpr_store.tables import RevisionRow, SensorRow


@dataclass(frozen=True, slots=True)
class SensorFilters:
    q: str | None = None
    commune: str | None = None
    zone: str | None = None
    purpose: str | None = None
    tech: str | None = None
    personal_data: bool | None = None
    status: str | None = None
    include_retired: bool = True


def get_sensor_row(session: Session, sensor_id: str) -> SensorRow | None:
    return session.get(SensorRow, sensor_id)


def list_sensors(
    session: Session, filters: SensorFilters, *, limit: int = 100, offset: int = 0
) -> tuple[list[SensorRow], int]:
    """Declared sensors matching *filters*, by id, and the total count."""
    query = select(SensorRow).where(SensorRow.declared == True)  # noqa: E712
    if filters.q:
        pattern = f"%{filters.q.lower()}%"
        query = query.where(
            or_(
                func.lower(SensorRow.name_fr).like(pattern),
                func.lower(SensorRow.id).like(pattern),
                func.lower(SensorRow.zone).like(pattern),
                func.lower(SensorRow.commune).like(pattern),
            )
        )
    if filters.commune:
        query = query.where(SensorRow.commune == filters.commune)
    if filters.zone:
        query = query.where(SensorRow.zone == filters.zone)
    if filters.purpose:
        query = query.where((literal(" ") + SensorRow.purposes + literal(" ")).like(f"% {filters.purpose} %"))
    if filters.tech:
        query = query.where((literal(" ") + SensorRow.techs + literal(" ")).like(f"% {filters.tech} %"))
    if filters.personal_data is True:
        query = query.where(SensorRow.personal_data != "none")
    elif filters.personal_data is False:
        query = query.where(SensorRow.personal_data == "none")
    if filters.status:
        query = query.where(SensorRow.status == filters.status)
    elif not filters.include_retired:
        query = query.where(SensorRow.status != "retired")
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(SensorRow.id)).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def iter_declared_sensors(session: Session, *, batch: int = 500) -> Iterator[SensorRow]:
    """Every declared sensor by id, fetched in batches (for streamed exports)."""
    return _declared_by_id(session, select(SensorRow), batch, lambda row: row.id)


def iter_declared_ids(session: Session, *, batch: int = 5000) -> Iterator[str]:
    """Every declared sensor's id, by id (as :func:`iter_declared_sensors`), without reading the rows."""
    return _declared_by_id(session, select(SensorRow.id), batch, lambda sensor_id: sensor_id)


def _declared_by_id(session: Session, query: Any, batch: int, id_of: Callable[[Any], str]) -> Iterator[Any]:
    """What *query* selects of the declared sensors, by id, *batch* at a time (keyset pages: memory flat)."""
    last = ""
    while True:
        found = session.exec(
            query.where(SensorRow.declared == True, SensorRow.id > last)  # noqa: E712
            .order_by(col(SensorRow.id))
            .limit(batch)
        ).all()
        if not found:
            return
        yield from found
        last = id_of(found[-1])


def facets(session: Session) -> dict[str, list[str]]:
    """Distinct communes, zones, purposes and technologies of declared sensors, for the index filters
    (only what the register uses: a filter offers no choice that finds nothing)."""
    out: dict[str, list[str]] = {}
    for name, column in (("commune", SensorRow.commune), ("zone", SensorRow.zone)):
        values = session.exec(select(column).where(SensorRow.declared == True).distinct().order_by(column))  # noqa: E712
        out[name] = [value for value in values if value]
    for name, column in (("purpose", SensorRow.purposes), ("tech", SensorRow.techs)):
        lists = session.exec(select(column).where(SensorRow.declared == True).distinct())  # noqa: E712
        out[name] = sorted({element for ids in lists for element in ids.split()})
    return out


def sensor_history(session: Session, sensor_id: str, *, limit: int = 200) -> list[RevisionRow]:
    return list(
        session.exec(
            select(RevisionRow)
            .where(RevisionRow.sensor_id == sensor_id)
            .order_by(col(RevisionRow.seq).desc())
            .limit(limit)
        ).all()
    )


def list_discovered(session: Session, *, limit: int | None = None, offset: int = 0) -> list[SensorRow]:
    """Undeclared devices by id; a page of them with *limit* and *offset*."""
    query = select(SensorRow).where(SensorRow.declared == False).order_by(col(SensorRow.id)).offset(offset)  # noqa: E712
    return list(session.exec(query.limit(limit) if limit is not None else query).all())


def count_discovered(session: Session) -> int:
    return session.exec(select(func.count()).select_from(SensorRow).where(SensorRow.declared == False)).one()  # noqa: E712


def list_drift(session: Session) -> list[SensorRow]:
    rows = session.exec(select(SensorRow).where(SensorRow.declared == True).order_by(col(SensorRow.id))).all()  # noqa: E712
    return [row for row in rows if row.drift]


def sensors_with_entity(session: Session, *, entity: str) -> list[str]:
    """Ids of the sensors whose announced device facts list *entity* (a Home Assistant config being removed)."""
    query = select(SensorRow).where(cast(SensorRow.device, String).like(f"%{entity}%"))
    return [row.id for row in session.exec(query) if entity in ((row.device or {}).get("entities") or {})]


def sensor_rows(session: Session, ids: list[str]) -> dict[str, SensorRow]:
    """Rows of the given ids (absent ones left out), fetched in chunks."""
    wanted = sorted(set(ids))
    rows: dict[str, SensorRow] = {}
    for start in range(0, len(wanted), 500):
        for row in session.exec(select(SensorRow).where(col(SensorRow.id).in_(wanted[start : start + 500]))):
            rows[row.id] = row
    return rows


def sensor_counts(session: Session) -> dict[str, dict[str, int]]:
    """Declared sensors per status and per personal-data level, and the discovered ones."""
    out: dict[str, dict[str, int]] = {"status": {}, "personal_data": {}, "declared": {}}
    for name, column in (("status", SensorRow.status), ("personal_data", SensorRow.personal_data)):
        query: Any = (
            select(column, func.count()).where(SensorRow.declared == True).group_by(column)  # noqa: E712
        )
        out[name] = {value: int(count) for value, count in session.exec(query)}
    declared: Any = select(col(SensorRow.declared), func.count()).group_by(col(SensorRow.declared))
    out["declared"] = {("declared" if flag else "discovered"): int(count) for flag, count in session.exec(declared)}
    return out
