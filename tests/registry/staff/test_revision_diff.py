"""A sensor's history: what changed between two revisions, and who or what changed it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from dtpr_core.announcement import Announcement
from dtpr_store.db import session_scope
from dtpr_store.reads import sensor_history
from dtpr_store.writes import record_announcements, review_device, upsert_sensor
from registry.staff.revision_diff import ElementChange, FieldChange, diff_revisions, who
from tests.conftest import make_sensor

DATACHAIN = {
    "purpose": ["health"],
    "tech": ["air_quality"],
    "data": ["values_time"],
    "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "1 an", "en": "1 year"}}}],
    "storage": ["stored_locally"],
}


def test_diff_of_two_declared_revisions_and_the_events_between(engine: Engine) -> None:
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-T-1"), source="register", actor="sync sensors.yaml")
    with session_scope(engine) as session:
        announcement = Announcement(
            "ANG-T-1", "homeassistant", datetime.now(UTC), elements=("air_quality", "identifiable_wifi_sensor")
        )
        record_announcements(session, announcements=[announcement])
    with session_scope(engine) as session:
        review_device(session, sensor_id="ANG-T-1", decision="sign_to_update", reason="new antenna", actor="Camille")
    changed = {
        **DATACHAIN,
        "purpose": ["health", "ecology"],
        "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "2 ans", "en": "2 years"}}}],
    }
    del changed["data"]
    with session_scope(engine) as session:
        sensor = make_sensor("ANG-T-1", name={"fr": "Air — Ralliement", "en": "Air"}, datachain=changed)
        upsert_sensor(session, sensor=sensor, source="api", actor="token: tool")
    with session_scope(engine) as session:
        history = sensor_history(session, "ANG-T-1")
    seqs = [r.seq for r in history]
    diff = diff_revisions(history, max(seqs), min(seqs))  # either order
    assert (diff.low, diff.high) == (1, max(seqs))
    assert set(diff.elements) == {
        ElementChange("purpose", "ecology", True),
        ElementChange("data", "values_time", False),
    }
    assert FieldChange("name.fr", "Capteur de test", "Air — Ralliement") in diff.fields
    assert FieldChange("datachain.retention.data_retained.duration.fr", "1 an", "2 ans") in diff.fields
    assert not any(change.field.startswith("datachain.purpose") for change in diff.fields)
    kinds = [(r.kind, who(r)) for r in diff.events]
    assert ("device", "passerelle (l'appareil) — homeassistant") in kinds
    assert ("review", "équipe — Camille") in kinds
    assert kinds[-1] == ("updated", "interface de gestion — token: tool")
    assert diff_revisions(history, 2, 3).empty, "device and staff events change nothing declared"
