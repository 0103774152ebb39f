"""A LoRaWAN sensor's public page: last heard from its network server, and a notice once it is silent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.lorawan import LorawanEvent
from dtpr_core.lorawan_mapping import default_mapping
from dtpr_core.model import Sensor
from dtpr_store.db import session_scope
from dtpr_store.writes import record_announcements_bulk, record_lorawan_events
from tests.registry.pages.test_sensor_page import NBSP, page

EUI = "70B3D57ED0001234"


def uplink(app: FastAPI, at: datetime, dev_eui: str = EUI) -> None:
    event = LorawanEvent("chirpstack", "application", "up", dev_eui, at, True, profile="Capteur CO2")
    with session_scope(app.state.engine) as session:
        found = record_lorawan_events(session, events=[event], mapping=default_mapping())
        record_announcements_bulk(session, announcements=[a for a in found if a])


def test_last_signal_and_silence(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store(network={"lorawan": {"dev_eui": EUI, "reporting_interval": "1d"}})
    assert f"Dernier signal{NBSP}: jamais" in page(client)
    uplink(app, datetime.now(UTC) - timedelta(days=2, hours=1))
    html = page(client)
    assert f"Dernier signal{NBSP}: il y a 2 jours" in html and 'class="silent"' not in html
    etag = client.get("/s/ANG-AQ-0001", headers={"accept": "text/html"}).headers["etag"]
    uplink(app, datetime.now(UTC) - timedelta(days=3, hours=1))  # an older event, redelivered: changes nothing
    assert "il y a 2 jours" in page(client)
    store("ANG-AQ-0002", network={"lorawan": {"dev_eui": "70B3D57ED0005678", "reporting_interval": "1d"}})
    event = LorawanEvent(
        "chirpstack", "application", "up", "70B3D57ED0005678", datetime.now(UTC) - timedelta(days=3, hours=1), True
    )
    with session_scope(app.state.engine) as session:
        found = record_lorawan_events(session, events=[event], mapping=default_mapping())
        record_announcements_bulk(session, announcements=[a for a in found if a])
    html = page(client, "ANG-AQ-0002")
    assert f"Dernier signal{NBSP}: il y a 3 jours" in html
    assert f'<p class="silent">Ce capteur est silencieux{NBSP}: aucun signal reçu' in html
    assert "This sensor has gone silent" in page(client, "ANG-AQ-0002", **{"accept-language": "en"})
    assert client.get("/s/ANG-AQ-0001", headers={"accept": "text/html"}).headers["etag"] == etag
