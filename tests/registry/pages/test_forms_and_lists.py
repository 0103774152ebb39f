"""Feedback form, escaping of everything people typed, index filters, inventory, page views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_core.announcement import Announcement
from dtpr_core.model import Sensor
from dtpr_store.db import session_scope
from dtpr_store.reads import list_feedback
from dtpr_store.tables import PageViewRow
from dtpr_store.writes import record_announcements
from tests.registry.conftest import BASE_URL
from tests.registry.pages.conftest import CAMERA_CHAIN, CITY

HTML = {"accept": "text/html"}
EVIL = '<script>alert(1)</script>"onmouseover=alert(2) x="'


def post(client: TestClient, sensor_id: str = "ANG-AQ-0001", **fields: str) -> object:
    data = {"kind": "question", "message": "Que mesure ce capteur ?", "lang": "fr", **fields}
    return client.post(f"/s/{sensor_id}/feedback", data=data, headers={"origin": BASE_URL}, follow_redirects=False)


def stored(app: FastAPI) -> list[object]:
    with Session(app.state.engine) as session:
        return list(list_feedback(session))


def test_feedback_is_stored_and_thanked(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    response = post(client, email="habitant@example.fr")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/s/ANG-AQ-0001?sent=1#feedback"  # type: ignore[attr-defined]
    rows = stored(app)
    assert len(rows) == 1 and rows[0].email == "habitant@example.fr" and rows[0].locale == "fr"  # type: ignore[attr-defined]
    assert "Merci, votre message a bien été transmis." in client.get("/s/ANG-AQ-0001?sent=1").text
    assert post(client, kind="problem").status_code == 303  # type: ignore[attr-defined]  # e-mail optional
    assert stored(app)[0].email is None  # type: ignore[attr-defined]


def test_feedback_errors_keep_the_text(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    response = post(client, message=EVIL, email="not-an-email")
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "Cette adresse de courriel ne semble pas valide" in html and 'aria-invalid="true"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover" in html and "<script>" not in html
    assert 'value="not-an-email"' in html
    assert post(client, message="").status_code == 422  # type: ignore[attr-defined]
    assert post(client, kind="spam").status_code == 422  # type: ignore[attr-defined]
    assert stored(app) == []


def test_honeypot_cross_site_and_rate_limit(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    robot = post(client, website="http://spam.example")
    assert robot.status_code == 303 and stored(app) == []  # type: ignore[attr-defined]  # silently dropped
    cross = client.post(
        "/s/ANG-AQ-0001/feedback", data={"message": "hello there"}, headers={"origin": "https://evil.example"}
    )
    assert cross.status_code == 403 and stored(app) == []
    limit = app.state.settings.api.feedback_per_minute
    codes = [post(client).status_code for _ in range(limit + 1)]  # type: ignore[attr-defined]
    assert codes[:limit] == [303] * limit and codes[-1] == 429
    assert len(stored(app)) == limit
    assert post(client, "ANG-NOPE-0001").status_code == 404  # type: ignore[attr-defined]


def test_everything_people_typed_is_escaped(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    evil_org = {**CITY, "name": {"fr": EVIL}, "contact": {"postal": EVIL, "email": "x@example.fr"}}
    store(
        name={"fr": EVIL},
        description={"fr": EVIL},
        location={"lat": 47.4, "lon": -0.5, "address": EVIL, "commune": EVIL, "zone": EVIL},
        accountable=[evil_org],
    )
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[Announcement("ANG-AQ-0001", "dtpr", datetime.now(UTC), elements=("identifiable_video",))],
        )
    for url in ("/s/ANG-AQ-0001", "/s/ANG-AQ-0001?lang=en", f"/?q={EVIL}", "/inventory"):
        html = client.get(url, headers=HTML).text
        assert "<script>" not in html and '"onmouseover' not in html and "javascript:" not in html, url


def test_index_search_filters_and_pages(client: TestClient, store: Callable[..., Sensor]) -> None:
    store("ANG-AQ-0001", name={"fr": "Air Ralliement"})
    store("ANG-CAM-0001", name={"fr": "Caméra Foch"}, datachain=CAMERA_CHAIN, legal_basis="public_task")
    store("ANG-OLD-0001", name={"fr": "Ancien capteur"}, status="retired", retired_on="2026-01-05")
    everything = client.get("/", headers=HTML)
    assert everything.status_code == 200 and "3 capteurs" in everything.text
    assert everything.headers["cache-control"] == "public, max-age=60"
    assert "<script" not in everything.text and 'method="get"' in everything.text
    personal = client.get("/?personal=yes").text
    assert "Caméra Foch" in personal and "Air Ralliement" not in personal and "pd-identifiable" in personal
    assert "Collecte des données qui permettent de reconnaître des personnes" in personal
    assert "Ancien capteur" in client.get("/?status=retired").text
    assert (
        "Air Ralliement" in client.get("/?q=ralliement").text and "Caméra Foch" not in client.get("/?q=ralliement").text
    )
    assert "Caméra Foch" in client.get("/?tech=identifiable_video").text
    assert "Caméra Foch" not in client.get("/?purpose=health").text
    assert "Aucun capteur" in client.get("/?commune=Nowhere").text
    assert client.get("/?page=abc").status_code == 200
    assert "1 sensor<" in client.get("/?personal=yes&lang=en").text


def test_inventory_lists_only_personal_data(client: TestClient, store: Callable[..., Sensor]) -> None:
    store("ANG-AQ-0001", name={"fr": "Air Ralliement"})
    store("ANG-CAM-0001", name={"fr": "Caméra Foch"}, datachain=CAMERA_CHAIN, legal_basis="public_task")
    html = client.get("/inventory", headers=HTML).text
    assert "Cartographie des données personnelles" in html
    assert "Caméra Foch" in html and "Air Ralliement" not in html
    assert "Mission d’intérêt public — RGPD, article 6-1-e" in html and "dpo@example.fr" in html
    assert 'href="/inventory.csv"' in html and "Données conservées 30 jours" in html


def test_page_views_counted_without_the_visitor(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    first = client.get("/s/ANG-AQ-0001")
    client.get("/s/ANG-AQ-0001?lang=en")
    client.get("/s/ANG-AQ-0001", headers={"if-none-match": first.headers["etag"]})  # 304: not counted
    client.get("/s/ANG-NOPE-0001")  # 404: not counted
    head = client.head("/s/ANG-AQ-0001")  # a link checker: not counted
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == first.headers["etag"]
    assert int(head.headers["content-length"]) == len(first.content)
    counter = app.state.page_views
    assert sum(counter.pending().values()) == 2
    assert counter.flush() == 2
    with Session(app.state.engine) as session:
        rows = session.exec(select(PageViewRow)).all()
    assert [(row.sensor_id, row.count) for row in rows] == [("ANG-AQ-0001", 2)]
    assert set(PageViewRow.model_fields) == {"sensor_id", "day", "count"}


def test_public_pages_answer_head(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    for path in ("/", "/inventory", "/s/ANG-AQ-0001", "/s/ANG-NOPE-0001"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code and head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
