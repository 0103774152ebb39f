"""``/staff/quarantine``: MQTT messages the gateway could not record, filtered, shown safely, purged.

Messages older than ``quarantine.retention_days`` are purged by an editor from this page
(audited); nothing else deletes them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Query, Request, Response

from dtpr_store.reads import QuarantineFilters, find_quarantine
from dtpr_store.tables import QuarantineRow
from dtpr_store.writes import purge_quarantine
from registry.deps import SessionDep
from registry.staff.deps import Editor, Viewer, audit
from registry.staff.i18n import say
from registry.staff.quarantine_reasons import reason_kind
from registry.staff.quarantine_view import payload_view, purge_limit
from registry.staff.web import StaffDenied, redirect, render, staff_router

router = staff_router()

PAGE = 50
PREVIEW_BYTES = 160
PERIODS = ("1", "7", "30")
"""Days the list can go back; their words are the catalogue's ``period_<days>``."""


@router.get("/quarantine")
def quarantine(
    request: Request,
    session: SessionDep,
    staff: Viewer,
    topic: Annotated[str, Query(max_length=200)] = "",
    reason: Annotated[str, Query(max_length=200)] = "",
    days: Annotated[str, Query(max_length=3)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    purged: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    since = datetime.now(UTC) - timedelta(days=int(days)) if days in PERIODS else None
    filters = QuarantineFilters(topic=topic or None, reason=reason or None, since=since)
    rows, total = find_quarantine(session, filters, limit=PAGE, offset=(page - 1) * PAGE)
    retention = request.app.state.settings.quarantine.retention_days
    return render(
        request,
        "quarantine.html",
        items=[
            (row, payload_view(row.payload, row.payload_size, PREVIEW_BYTES), reason_kind(row.reason)) for row in rows
        ],
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE)),
        filters={"topic": topic, "reason": reason, "days": days},
        period_options=[(days, say(request.state.lang, f"period_{days}")) for days in PERIODS],
        retention_days=retention,
        can_edit=staff.can("editor"),
        purged=purged,
    )


@router.get("/quarantine/{message_id}")
def message(request: Request, session: SessionDep, staff: Viewer, message_id: int) -> Response:
    row = session.get(QuarantineRow, message_id)
    if row is None:
        raise StaffDenied(404, "this_message_is_no_longer_in_quarantine")
    view = payload_view(row.payload, row.payload_size)
    return render(request, "quarantine_item.html", row=row, view=view, kind=reason_kind(row.reason))


@router.post("/quarantine/purge")
def purge(request: Request, session: SessionDep, staff: Editor) -> Response:
    days = request.app.state.settings.quarantine.retention_days
    deleted = purge_quarantine(session, before=purge_limit(datetime.now(UTC), days))
    audit(session, staff, "quarantine.purge", "", retention_days=days, deleted=deleted)
    session.commit()
    return redirect(f"/staff/quarantine?purged={deleted}")
