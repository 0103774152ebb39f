"""``/staff/sensors/{id}/history``: a sensor's timeline, the diff between two revisions, who or what."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request, Response

from dtpr_core.model import SENSOR_ID_PATTERN
from dtpr_store.reads import sensor_history
from dtpr_store.tables import SensorRow
from dtpr_store.writes import declared_element_ids
from registry.deps import SessionDep
from registry.history import describe_revision
from registry.staff.deps import Viewer
from registry.staff.devices import titled
from registry.staff.revision_diff import diff_revisions, who
from registry.staff.web import StaffDenied, render, staff_router

router = staff_router()
Seq = Annotated[int | None, Query(ge=1, le=10_000_000)]
LIMIT = 1000


@router.get("/sensors/{sensor_id}/history")
def history(
    request: Request,
    session: SessionDep,
    staff: Viewer,
    sensor_id: Annotated[str, Path(pattern=SENSOR_ID_PATTERN)],
    low: Annotated[Seq, Query(alias="from")] = None,
    high: Annotated[Seq, Query(alias="to")] = None,
) -> Response:
    row = session.get(SensorRow, sensor_id)
    if row is None:
        raise StaffDenied(404, "no_sensor_has_this_id")
    revisions = sensor_history(session, sensor_id, limit=LIMIT)
    lang = request.state.lang
    timeline = [(revision, describe_revision(revision, lang), who(revision)) for revision in revisions]
    newest = revisions[0].seq if revisions else 0
    low = low or max(1, newest - 1)
    high = high or newest
    diff = diff_revisions(revisions, low, high) if revisions and low != high else None
    declared = sorted(declared_element_ids(row.data))
    announced = sorted(row.announced or [])
    return render(
        request,
        "history.html",
        row=row,
        timeline=timeline,
        diff=diff,
        low=low,
        high=high,
        declared=titled(declared, lang, row.data),
        announced=titled(announced, lang, row.data),
        undeclared=set(announced) - set(declared),
    )
