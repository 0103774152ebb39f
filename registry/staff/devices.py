"""``/staff/devices`` and ``/staff/drift``: what the network sees that the register does not say.

Undeclared devices are declared with a ready-to-paste ``sensors.yaml`` entry or ignored
with a reason (and listed again if staff change their mind); drift (a declared device announcing more than its datachain) is resolved
as "sign to update" or "device misconfigured". Every decision is audited and kept in
the sensor's history; a different drift shows again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import Form, Path, Request, Response
from sqlmodel import Session

from dtpr_core.declare import declare_snippet
from dtpr_core.model import SENSOR_ID_PATTERN
from dtpr_core.taxonomy import element_title, load_taxonomy
from dtpr_store.reads import open_drift, undeclared_devices
from dtpr_store.tables import SensorRow
from dtpr_store.writes import declared_element_ids, review_device, stop_ignoring
from registry.deps import SessionDep
from registry.staff.deps import Editor, Viewer, audit
from registry.staff.web import StaffDenied, redirect, render, staff_router

router = staff_router()
SensorId = Annotated[str, Path(pattern=SENSOR_ID_PATTERN)]
Reason = Annotated[str, Form(max_length=1000)]

DECISIONS = {decision: f"decision_{decision}" for decision in ("ignored", "sign_to_update", "misconfigured")}
"""Each decision and its words in the ``staff`` catalogue."""


def titled(
    element_ids: list[str] | set[str], lang: str, data: Mapping[str, Any] | None = None
) -> list[tuple[str, str]]:
    """(id, title in *lang*) of each element, in the order given; unknown ids keep their id as title.

    A title's ``{{variables}}`` are filled from the sensor's declared datachain (*data*), ``…`` when unknown."""
    elements = load_taxonomy().elements
    values = declared_variables(data)
    out = []
    for element_id in element_ids:
        element = elements.get(element_id)
        title = element_title(element, lang, values.get(element_id, {})) if element else element_id
        out.append((element_id, title))
    return out


def declared_variables(data: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Each declared element's variables (``{"duration": {"fr": "15 jours"}}``) in a stored sensor."""
    found: dict[str, Mapping[str, Any]] = {}
    for items in ((data or {}).get("datachain") or {}).values():
        for item in items if isinstance(items, list) else []:
            if isinstance(item, Mapping) and isinstance(item.get("variables"), Mapping):
                found[str(item.get("element"))] = item["variables"]
    return found


def _undeclared(session: Session, sensor_id: str) -> SensorRow:
    row = session.get(SensorRow, sensor_id)
    if row is None or row.declared:
        raise StaffDenied(404, "no_undeclared_device_has_this_id")
    return row


@router.get("/devices")
def devices(request: Request, session: SessionDep, staff: Viewer, ignored: bool = False) -> Response:
    pairs = undeclared_devices(session, include_ignored=ignored)
    lang = request.state.lang
    items = [(row, review, titled(row.announced or [], lang)) for row, review in pairs]
    return render(
        request, "devices.html", items=items, show_ignored=ignored, can_edit=staff.can("editor"), decisions=DECISIONS
    )


@router.get("/devices/{sensor_id}/declare")
def declare(request: Request, session: SessionDep, staff: Viewer, sensor_id: SensorId) -> Response:
    row = _undeclared(session, sensor_id)
    snippet = declare_snippet(row.id, row.device, row.announced or [], row.lat, row.lon)
    return render(request, "declare.html", row=row, snippet=snippet)


@router.post("/devices/{sensor_id}/ignore")
def ignore(session: SessionDep, staff: Editor, sensor_id: SensorId, reason: Reason = "") -> Response:
    _undeclared(session, sensor_id)
    if not reason.strip():
        raise StaffDenied(422, "give_the_reason_to_ignore_this_device")
    review_device(session, sensor_id=sensor_id, decision="ignored", reason=reason, actor=staff.name)
    audit(session, staff, "device.ignore", sensor_id, reason=reason.strip())
    session.commit()
    return redirect("/staff/devices")


@router.post("/devices/{sensor_id}/unignore")
def unignore(session: SessionDep, staff: Editor, sensor_id: SensorId) -> Response:
    _undeclared(session, sensor_id)
    if not stop_ignoring(session, sensor_id=sensor_id, actor=staff.name):
        raise StaffDenied(409, "this_device_is_not_ignored")
    audit(session, staff, "device.unignore", sensor_id)
    session.commit()
    return redirect("/staff/devices")


@router.get("/drift")
def drift(request: Request, session: SessionDep, staff: Viewer, resolved: bool = False) -> Response:
    lang = request.state.lang
    items = []
    for row, review in open_drift(session, include_resolved=resolved):
        declared = sorted(declared_element_ids(row.data))
        extra = {item["element_id"] for item in row.drift or []}
        announced = sorted(set(row.announced or []) | extra)
        items.append((row, review, titled(declared, lang, row.data), titled(announced, lang, row.data), extra))
    return render(
        request,
        "drift.html",
        items=items,
        show_resolved=resolved,
        can_edit=staff.can("editor"),
        decisions=DECISIONS,
    )


@router.post("/drift/{sensor_id}/resolve")
def resolve(
    session: SessionDep,
    staff: Editor,
    sensor_id: SensorId,
    decision: Annotated[Literal["sign_to_update", "misconfigured"], Form()],
    reason: Reason = "",
) -> Response:
    row = session.get(SensorRow, sensor_id)
    if row is None or not row.drift:
        raise StaffDenied(404, "this_sensor_has_no_drift_to_resolve")
    review_device(session, sensor_id=sensor_id, decision=decision, reason=reason, actor=staff.name)
    audit(session, staff, "drift.resolve", sensor_id, decision=decision, reason=reason.strip())
    session.commit()
    return redirect("/staff/drift")
