"""``/staff/sensors``: every declared sensor, searched by id, name or place, filtered by zone; each opens its history."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from dtpr_store.reads import SensorFilters, facets, list_sensors
from registry.deps import SessionDep
from registry.staff.deps import Viewer
from registry.staff.print_options import STATUSES
from registry.staff.web import render, staff_router

router = staff_router()
PAGE_SIZE = 100


@router.get("/sensors")
def sensors(
    request: Request,
    session: SessionDep,
    staff: Viewer,
    q: Annotated[str, Query(max_length=200, pattern=r"^[^\x00-\x1f]*$")] = "",
    zone: Annotated[str, Query(max_length=200, pattern=r"^[^\x00-\x1f]*$")] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    filters = SensorFilters(q=q.strip() or None, zone=zone or None, include_retired=True)
    rows, total = list_sensors(session, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "sensors.html",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"q": q, "zone": zone},
        zones=facets(session)["zone"],
        statuses=STATUSES,
    )
