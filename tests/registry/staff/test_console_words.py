"""A console that speaks to staff (#21 item 3): plain words, the city's time, ids secondary, every history reachable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from babel.dates import format_datetime
from fastapi import FastAPI
from pydantic import ValidationError

from dtpr_core.announcement import Announcement
from dtpr_core.settings import PublicSettings
from dtpr_store.db import session_scope
from dtpr_store.writes import add_page_views, quarantine_messages, record_announcements, upsert_sensor
from gateway.pipeline import REASON_KINDS as GATEWAY_REASON_KINDS
from registry.app import create_app
from registry.staff.quarantine_reasons import REASON_KINDS
from tests.conftest import make_sensor
from tests.registry.conftest import fake_sign_renderer, make_settings
from tests.registry.staff.conftest import SignedIn

RAW_ENUMS = re.compile(r">\s*(sign_to_update|misconfigured|question|comment|problem|answered|active|planned)\s*<")


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    """Two sensors, one of them drifting (a camera it does not declare)."""
    app = create_app(make_settings(database_url), sign_renderer=fake_sign_renderer)
    with session_scope(app.state.engine) as session:
        upsert_sensor(
            session, sensor=make_sensor("ANG-W-1", name={"fr": "Air du Ralliement"}), source="register", actor="sync"
        )
        place = {"lat": 47.46, "lon": -0.55, "address": "Place de la gare", "commune": "Angers", "zone": "Gare"}
        other = make_sensor("ANG-W-2", name={"fr": "Bruit de la gare"}, location=place)
        upsert_sensor(session, sensor=other, source="register", actor="sync")
    with session_scope(app.state.engine) as session:
        at = datetime.now(UTC)
        elements = ("air_quality", "data_retained", "identifiable_video")
        record_announcements(session, announcements=[Announcement("ANG-W-1", "dtpr", at, elements=elements)])
    yield app
    app.state.engine.dispose()


def shows_no_machine_text(html: str) -> None:
    assert "{{" not in html and "}}" not in html, "a raw template placeholder"
    assert "UTC" not in html, "times are in the city's time zone"
    assert RAW_ENUMS.search(html) is None, RAW_ENUMS.search(html)


def test_drift_speaks_plainly_with_ids_secondary(app: FastAPI, signed_in: SignedIn) -> None:
    page = signed_in("editor").get("/staff/drift").text
    shows_no_machine_text(page)
    assert "Données conservées 1 an" in page
    assert re.search(r"<mark>[^<]*<strong>[^<]+</strong></mark> <small class=\"muted\"><code>identifiable_video", page)


def test_quarantine_says_what_happened_and_what_to_do(app: FastAPI, signed_in: SignedIn) -> None:
    reason = "malformed topic: '..' is not a valid sensor id ([A-Za-z0-9_-]{1,64})"
    with session_scope(app.state.engine) as session:
        quarantine_messages(session, items=[("dtpr/v1/../meta", b"{}", 2, reason, datetime.now(UTC))])
    viewer = signed_in("viewer")
    page = viewer.get("/staff/quarantine").text
    shows_no_machine_text(page)
    assert "Le sujet MQTT n’est pas valable" in page and "Corrigez la configuration de l’appareil" in page
    item = viewer.get(re.findall(r"/staff/quarantine/\d+", page)[0]).text
    assert "Détail technique" in item and "malformed topic" in item


def test_the_console_knows_every_reason_the_gateway_gives() -> None:
    assert REASON_KINDS == GATEWAY_REASON_KINDS


def test_times_are_in_the_city_time_zone(app: FastAPI, signed_in: SignedIn) -> None:
    page = signed_in("viewer").get("/staff/sensors/ANG-W-1/history").text
    shows_no_machine_text(page)
    times = re.findall(r"\d{1,2} \w+\.? \d{4}, (\d\d:\d\d)", page)
    assert times, "the history shows its times"
    now_paris = format_datetime(datetime.now(UTC), "HH", tzinfo=app.state.settings.public.time_zone, locale="fr")
    assert any(time.startswith(now_paris) for time in times)


def test_a_bad_time_zone_stops_the_settings() -> None:
    with pytest.raises(ValidationError, match="IANA"):
        PublicSettings(time_zone="Mars/Olympus")


def test_the_history_shows_what_the_device_announced_beside_what_is_declared(app: FastAPI, signed_in: SignedIn) -> None:
    page = signed_in("viewer").get("/staff/sensors/ANG-W-1/history").text
    assert "Annoncé par l’appareil" in page and "Déclaré (sur le panneau)" in page
    assert re.search(r"<mark>[^<]*<strong>annoncé mais pas déclaré</strong></mark>", page)
    assert "Historique de Air du Ralliement" in page


def test_every_sensor_history_is_reachable_from_the_sensor_list(app: FastAPI, signed_in: SignedIn) -> None:
    viewer = signed_in("viewer")
    assert 'href="/staff/sensors"' in viewer.get("/staff/").text  # in the menu
    for query, found in (("q=ANG-W-2", "ANG-W-2"), ("q=Ralliement", "ANG-W-1"), ("zone=Gare", "ANG-W-2")):
        page = viewer.get(f"/staff/sensors?{query}").text
        links = re.findall(r'href="/staff/sensors/([\w-]+)/history"', page)
        assert links == [found], (query, links)
    assert viewer.get("/staff/sensors?q=%00").status_code == 422


def test_indicators_by_period_with_sensor_names(app: FastAPI, signed_in: SignedIn) -> None:
    with session_scope(app.state.engine) as session:
        add_page_views(session, counts={("ANG-W-2", datetime.now(UTC).date()): 4})
    viewer = signed_in("viewer")
    page = viewer.get("/staff/indicators?days=7").text
    assert "Total sur 7 jours" in page, page[page.find("<main") :][:1500]
    assert "Bruit de la gare" in page and "selected>7 derniers jours" in page
    assert viewer.get("/staff/indicators?days=400").status_code == 422
    csv = viewer.get("/staff/indicators/page-views-by-sensor.csv?days=30")
    assert csv.status_code == 200 and "ANG-W-2,4" in csv.text
