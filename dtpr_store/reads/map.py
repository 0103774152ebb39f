"""What the maps read: the public sensors' positions (light columns only), and positioned rows by id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy
from sqlmodel import Session, col

from dtpr_store.tables import SensorRow

MAP_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One sensor on the public map: the row's indexed columns and, of its declared JSON, only the name."""

    id: str
    name: str
    lat: float
    lon: float
    personal_data: str
    """``none``, ``de_identified`` or ``identifiable`` (:func:`dtpr_core.datachain.personal_data`)."""
    purposes: tuple[str, ...]
    commune: str
    zone: str
    names: dict[str, str] = field(default_factory=dict)
    """The name in every language the register gives it (``{"fr": …, "es": …}``), translations included."""


_COLUMNS: tuple[Any, ...] = (
    SensorRow.id,
    SensorRow.name_fr,
    SensorRow.lat,
    SensorRow.lon,
    SensorRow.personal_data,
    SensorRow.purposes,
    SensorRow.commune,
    SensorRow.zone,
    col(SensorRow.data)["name"],
)


def iter_map_points(session: Session, *, batch: int = MAP_BATCH) -> Iterator[MapPoint]:
    """Declared, not retired sensors that have a position, in the table's order, streamed *batch* rows at a time.

    One statement, no ``ORDER BY``: keyset pages by id made SQLite sort the whole register
    again for each page (13 s for 100,000 sensors instead of 1.5 s).
    """
    query: Any = sqlalchemy.select(*_COLUMNS).where(  # sqlmodel's select() types up to 4 columns
        col(SensorRow.declared) == True,  # noqa: E712
        col(SensorRow.status) != "retired",
        col(SensorRow.lat).is_not(None),
        col(SensorRow.lon).is_not(None),
    )
    for sensor_id, name, lat, lon, personal, purposes, commune, zone, names in session.execute(
        query.execution_options(yield_per=batch)
    ):
        yield MapPoint(sensor_id, name, lat, lon, personal, tuple(purposes.split()), commune, zone, _names(names))


def _names(value: Any) -> dict[str, str]:
    """The stored ``data.name`` as {language: text}, keeping only non-empty texts."""
    if not isinstance(value, dict):
        return {}
    return {lang: text for lang, text in value.items() if isinstance(lang, str) and isinstance(text, str) and text}
