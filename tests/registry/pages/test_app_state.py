"""Each app has its own caches and its own default language: nothing shared between apps of one process."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dtpr_core.settings import Settings
from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor
from registry.app import create_app
from registry.state import RegistryState
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, make_settings
from tests.registry.pages.conftest import CITY

HTML = {"accept": "text/html"}


def other_city(sensor_id: str, email: str) -> dict[str, object]:
    return {**CITY, "key": "other", "name": {"fr": f"Ville {email}"}, "contact": {"email": email}}


def app_with(settings: Settings, sensor_id: str, email: str, **create: Any) -> TestClient:
    app = create_app(settings, **create)
    with session_scope(app.state.engine) as session:
        sensor = make_sensor(sensor_id, accountable=[other_city(sensor_id, email)])
        upsert_sensor(session, sensor=sensor, source="register", actor="test")
    return TestClient(app, base_url=BASE_URL)


def test_two_apps_never_share_contacts_or_facets(tmp_path: object) -> None:
    first = app_with(make_settings(f"sqlite:///{tmp_path}/one.db"), "ONE-AQ-0001", "one@example.fr")
    second = app_with(make_settings(f"sqlite:///{tmp_path}/two.db"), "TWO-AQ-0001", "two@example.fr")
    with first, second:
        assert "one@example.fr" in first.get("/s/NOPE-0001", headers=HTML).text
        missing = second.get("/s/NOPE-0001", headers=HTML).text
        assert "two@example.fr" in missing and "one@example.fr" not in missing
        assert "ONE-AQ-0001" in first.get("/").text and "ONE-AQ-0001" not in second.get("/").text
        assert first.app.state.page_cache is not second.app.state.page_cache  # type: ignore[attr-defined]


def test_two_apps_never_share_parsed_sensors(tmp_path: object) -> None:
    """The same id at the same revision in two databases: each app parses and answers its own."""
    first = app_with(make_settings(f"sqlite:///{tmp_path}/one.db"), "SAME-AQ-0001", "one@example.fr")
    second = app_with(make_settings(f"sqlite:///{tmp_path}/two.db"), "SAME-AQ-0001", "two@example.fr")
    with first, second:
        parsed_first = first.app.state.page_cache.parsed  # type: ignore[attr-defined]
        parsed_second = second.app.state.page_cache.parsed  # type: ignore[attr-defined]
        assert parsed_first is not parsed_second
        assert "one@example.fr" in first.get("/s/SAME-AQ-0001/datachain.json").text
        assert len(parsed_first) == 1 and len(parsed_second) == 0
        chain = second.get("/s/SAME-AQ-0001/datachain.json").text
        assert "two@example.fr" in chain and "one@example.fr" not in chain
        assert len(parsed_second) == 1


def test_the_default_language_is_the_setting(tmp_path: object) -> None:
    settings = make_settings(f"sqlite:///{tmp_path}/en.db")
    settings = settings.model_copy(update={"public": settings.public.model_copy(update={"default_locale": "en"})})
    signs: list[tuple[str, ...]] = []

    def sign_renderer(sensor: object, options: dict[str, Any], fmt: str) -> bytes:
        signs.append(options["langs"])
        return b"<svg/>"

    with app_with(settings, "ANG-AQ-0001", "city@example.fr", sign_renderer=sign_renderer) as client:
        assert client.get("/signs/ANG-AQ-0001.svg").status_code == 200
        assert client.get("/signs/ANG-AQ-0001.svg?lang=fr,en").status_code == 200
        assert signs == [("en",), ("fr", "en")]
        assert client.get("/api/v1/inventory").json()["locale"] == "en"
        assert client.get("/api/v1/inventory?locale=km").json()["locale"] == "km"
        assert client.get("/api/v1/inventory?locale=xx").status_code == 422
        assert client.get("/inventory.csv?locale=es").status_code == 200
        assert '<html lang="en"' in client.get("/s/ANG-AQ-0001", headers=HTML).text
        assert '<html lang="en"' in client.get("/", headers=HTML).text
        sent = client.post(
            "/s/ANG-AQ-0001/feedback",
            data={"kind": "question", "message": "What is measured?"},
            headers={"origin": BASE_URL},
            follow_redirects=False,
        )
        assert sent.headers["location"] == "/s/ANG-AQ-0001?sent=1#feedback"
        french = client.get("/?lang=fr").text
        assert 'href="/s/ANG-AQ-0001?lang=fr"' in french and '<input type="hidden" name="lang" value="fr">' in french


def test_the_app_state_is_one_dataclass_made_whole_by_the_factory(tmp_path: object) -> None:
    """Every cache, counter and limiter exists before the first request; nothing can be added on the side."""
    app = create_app(make_settings(f"sqlite:///{tmp_path}/state.db"))
    state = app.state
    assert isinstance(state, RegistryState)
    optional = {"sign_renderer", "sign_batch"}
    missing = [f.name for f in dataclasses.fields(state) if getattr(state, f.name) is None and f.name not in optional]
    assert not missing, missing
    with pytest.raises(AttributeError):
        state.page_view_counter = object()  # type: ignore[attr-defined]
    app.state.engine.dispose()
