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
    # (field of AttentionCounts, list it opens, French, English)
    (
        "outdated_signs",
        "/staff/print?outdated=1",
        "panneaux jamais imprimés ou périmés",
        "signs never printed or out of date",
    ),
    ("undeclared_devices", "/staff/devices", "appareils non déclarés", "undeclared devices"),
    ("drift", "/staff/drift", "écarts entre déclaration et appareil", "drift between declaration and device"),
    ("quarantined_24h", "/staff/quarantine", "messages en quarantaine (24\u00a0h)", "quarantined messages (24 h)"),
    (
        "feedback_awaiting",
        "/staff/feedback?status=new",
        "messages en attente de réponse",
        "feedback awaiting an answer",
    ),
    (
        "silent_sensors",
        "/staff/silent",
        "capteurs silencieux plus longtemps que prévu",
        "sensors silent longer than expected",
    ),
)


def default_interval(request: Request) -> int | None:
    """The mapping table's default reporting interval: the dashboard's count and its list agree."""
    return load_mapping(request.app.state.settings.lorawan.mapping_file).default_interval


@router.get("/")
def dashboard(request: Request, session: SessionDep, staff: Viewer) -> Response:
    counts = attention_counts(session, at=datetime.now(UTC), default_interval=default_interval(request))
    cards = [(getattr(counts, field), path, fr, en) for field, path, fr, en in CARDS]
    return render(request, "dashboard.html", cards=cards)


@router.get("/silent")
def silent(request: Request, session: SessionDep, staff: Viewer) -> Response:
    rows = silent_sensors(session, now=datetime.now(UTC), default_interval=default_interval(request))
    return render(request, "silent.html", rows=rows)
