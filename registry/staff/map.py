"""``/staff/carte``: the territory on a map, by what needs doing (reprint, silent, drift, discovered).

Each layer is one of the console's lists with a position: a marker links to its console page
(a sensor's history, a discovered device's declaration form). The page uses the public map's
scripts (``/carte/static/``, served by the registry) and background, under the public map's
policy (:func:`registry.map.page.map_csp`); the layers come from ``/staff/carte/layers.json``.
Every item is also in a table under the map, for keyboards and screen readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from dtpr_store.reads import open_drift, outdated_signs, sensor_rows, silent_sensors, undeclared_devices
from dtpr_store.tables import SensorRow
from registry.deps import SessionDep
from registry.map.page import map_csp, static_src
from registry.staff.dashboard import default_interval
from registry.staff.deps import Viewer
from registry.staff.i18n import say
from registry.staff.web import render, staff_router

router = staff_router()

LAYER_ITEMS = 5_000
"""Markers drawn per layer at most (the console's list holds them all)."""


@dataclass(frozen=True, slots=True)
class Layer:
    key: str
    """Its words are ``map_layer_<key>`` in the staff catalogue."""
    list_path: str
    """The console's list of the same items."""
    items: list[tuple[str, str, float, float, str]]
    """(id, name, lat, lon, console page) of the items that have a position."""
    total: int
    """Items in the list, with a position or not."""


def _items(rows: Iterable[SensorRow], page: str) -> list[tuple[str, str, float, float, str]]:
    return [
        (row.id, row.name_fr or row.id, row.lat, row.lon, page.format(id=row.id))
        for row in rows
        if row.lat is not None and row.lon is not None
    ]


def read_layers(session: Session, *, now: datetime, interval: int | None) -> list[Layer]:
    history = "/staff/sensors/{id}/history"
    outdated = outdated_signs(session)
    silent_ids = [item.sensor_id for item in silent_sensors(session, now=now, default_interval=interval)]
    silent = sensor_rows(session, silent_ids)
    drift = [row for row, _ in open_drift(session)]
    discovered = [row for row, _ in undeclared_devices(session)]
    return [
        Layer("reprint", "/staff/print?outdated=1", _items(outdated, history), len(outdated)),
        Layer("silent", "/staff/silent", _items(silent.values(), history), len(silent_ids)),
        Layer("drift", "/staff/drift", _items(drift, history), len(drift)),
        Layer("discovered", "/staff/devices", _items(discovered, "/staff/devices/{id}/declare"), len(discovered)),
    ]


def _layers(request: Request, session: Session) -> list[Layer]:
    return read_layers(session, now=datetime.now(UTC), interval=default_interval(request))


@router.get("/carte")
def staff_map(request: Request, session: SessionDep, staff: Viewer) -> Response:
    response = render(request, "map.html", layers=_layers(request, session), static_src=static_src)
    response.headers["Content-Security-Policy"] = map_csp(request.app.state.settings.map)
    return response


@router.get("/carte/layers.json")
def staff_map_layers(request: Request, session: SessionDep, staff: Viewer) -> Response:
    settings = request.app.state.settings.map
    lang = request.state.lang
    body = {
        "tiles": settings.tile_url,
        "attribution": escape(settings.tile_attribution),  # Leaflet writes it as HTML
        "outlines": "/carte/communes.geojson",
        "layers": [
            {
                "key": layer.key,
                "label": say(lang, f"map_layer_{layer.key}"),
                "items": layer.items[:LAYER_ITEMS],
            }
            for layer in _layers(request, session)
        ],
    }
    return JSONResponse(body)
