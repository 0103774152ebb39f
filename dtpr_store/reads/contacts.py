"""The city's own contact, shown on the "not found" page."""

from __future__ import annotations

from sqlmodel import Session, col, select

from dtpr_core.model import Organisation
from dtpr_core.register import read_sensor_data
from dtpr_store.tables import SensorRow


def city_contact(session: Session) -> Organisation | None:
    """The first accountable institution with a contact among the first declared sensors (by id)."""
    rows = session.exec(
        select(SensorRow).where(SensorRow.declared == True).order_by(col(SensorRow.id)).limit(20)  # noqa: E712
    ).all()
    for row in rows:
        sensor = read_sensor_data(row.data)[0] if row.data is not None else None
        orgs = [org for org in (sensor.accountable if sensor else ()) if org.contact]
        orgs.sort(key=lambda org: org.kind != "institution")
        if orgs:
            return orgs[0]
    return None
