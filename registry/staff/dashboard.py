"""``/staff/``: what needs attention, each a count linking to its list; ``/staff/silent``."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request, Response

from dtpr_core.lorawan_mapping import load_mapping
from dtpr_store.reads import attention_counts, silent_sensors
from registry.deps import SessionDep
from registry.staff.deps import Viewer
from registry.staff.web import render, staff_router

router = staff_router()

CARDS = (
    # (field of AttentionCounts, list it opens); the text is the catalogue's card_<field>
    ("outdated_signs", "/staff/print?outdated=1"),
    ("undeclared_devices", "/staff/devices"),
    ("drift", "/staff/drift"),
    ("quarantined_24h", "/staff/quarantine"),
    ("feedback_awaiting", "/staff/feedback?status=new"),
    ("silent_sensors", "/staff/silent"),
)


def default_interval(request: Request) -> int | None:
    """The mapping table's default reporting interval: the dashboard's count and its list agree."""
    return load_mapping(request.app.state.settings.lorawan.mapping_file).default_interval


@router.get("/")
def dashboard(request: Request, session: SessionDep, staff: Viewer) -> Response:
    counts = attention_counts(session, at=datetime.now(UTC), default_interval=default_interval(request))
    cards = [(getattr(counts, field), path, f"card_{field}") for field, path in CARDS]
    return render(request, "dashboard.html", cards=cards)


@router.get("/silent")
def silent(request: Request, session: SessionDep, staff: Viewer) -> Response:
    rows = silent_sensors(session, now=datetime.now(UTC), default_interval=default_interval(request))
    return render(request, "silent.html", rows=rows)
