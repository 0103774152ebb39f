"""Each app has its own caches and its own default language: nothing shared between apps of one process."""

from __future__ import annotations

from fastapi.testclient import TestClient

from dtpr_core.settings import Settings
from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor
from registry.app import create_app
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, make_settings
from tests.registry.pages.conftest import CITY

HTML = {"accept": "text/html"}


def other_city(sensor_id: str, email: str) -> dict[str, object]:
    return {**CITY, "key": "other", "name": {"fr": f"Ville {email}"}, "contact": {"email": email}}


def app_with(settings: Settings, sensor_id: str, email: str) -> TestClient:
    app = create_app(settings)
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


def test_the_default_language_is_the_setting(tmp_path: object) -> None:
    settings = make_settings(f"sqlite:///{tmp_path}/en.db")
    settings = settings.model_copy(update={"public": settings.public.model_copy(update={"default_locale": "en"})})
    with app_with(settings, "ANG-AQ-0001", "city@example.fr") as client:
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
