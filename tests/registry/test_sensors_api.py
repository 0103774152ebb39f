"""The sensors API: create, update, unchanged, bulk, retire, history, list filters, scopes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.domain.upstream_dtpr import upstream_errors
from tests.registry.conftest import BASE_URL, sensor_body


def test_put_creates_updates_and_leaves_unchanged(client: TestClient, admin: dict[str, str]) -> None:
    created = client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    assert created.status_code == 201 and created.json()["outcome"] == "created"
    again = client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    renamed = sensor_body(name={"fr": "Nouveau nom", "en": "New name"})
    updated = client.put("/api/v1/sensors/ANG-TEST-0001", json=renamed, headers=admin)
    assert updated.json() | {"warnings": []} == {
        "ok": True,
        "outcome": "updated",
        "id": "ANG-TEST-0001",
        "revision": 2,
        "warnings": [],
    }
    detail = client.get("/api/v1/sensors/ANG-TEST-0001").json()
    assert detail["sensor"]["name"]["fr"] == "Nouveau nom"
    assert detail["revision"] == 2 and detail["status"] == "active"
    assert set(detail) >= {"sensor", "revision", "updated_at", "status", "device", "online", "last_seen", "drift"}


def test_id_from_the_url_when_the_body_has_none(client: TestClient, admin: dict[str, str]) -> None:
    body = sensor_body()
    del body["id"]
    assert client.put("/api/v1/sensors/ANG-TEST-0009", json=body, headers=admin).status_code == 201


def test_retire_keeps_everything_and_history_tells_it(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    retired = client.post("/api/v1/sensors/ANG-TEST-0001/retire", json={"on": "2026-10-01"}, headers=admin)
    assert retired.status_code == 200 and retired.json()["status"] == "retired"
    detail = client.get("/api/v1/sensors/ANG-TEST-0001").json()
    assert detail["status"] == "retired" and detail["sensor"]["retired_on"] == "2026-10-01"
    public = client.get("/api/v1/sensors/ANG-TEST-0001/history").json()
    assert [item["kind"] for item in public["items"]] == ["retired", "created"]
    assert "actor" not in public["items"][0]
    assert public["items"][0]["summary"]["fr"].startswith("Capteur retiré")
    staff = client.get("/api/v1/sensors/ANG-TEST-0001/history", headers=admin).json()
    assert staff["items"][0]["actor"] == "admin (DTPR_API__TOKEN)"
    assert staff["items"][0]["source"] == "api"
    page = client.get("/s/ANG-TEST-0001.json").json()
    assert page["status"] == "retired" and page["history"][0]["kind"] == "retired"


def test_source_header_register(client: TestClient, admin: dict[str, str]) -> None:
    headers = {**admin, "X-DTPR-Source": "register"}
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=headers)
    history = client.get("/api/v1/sensors/ANG-TEST-0001/history").json()
    assert history["items"][0]["source"] == "register"
    assert "registre" in history["items"][0]["summary"]["fr"]
    bad = client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers={**admin, "X-DTPR-Source": "x"})
    assert bad.status_code == 422


def test_bulk_is_atomic_counts_and_dry_run(client: TestClient, admin: dict[str, str]) -> None:
    items = [sensor_body(f"ANG-B-{i}") for i in range(3)]
    bad = [*items, {**sensor_body("ANG-B-9"), "location": "nowhere"}]
    refused = client.post("/api/v1/sensors/bulk", json={"items": bad}, headers=admin)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"].startswith("items[3]")
    assert client.get("/api/v1/sensors").json()["total"] == 0, "nothing written when one item is bad"
    first = client.post("/api/v1/sensors/bulk", json={"items": items}, headers=admin).json()
    assert (first["created"], first["updated"], first["unchanged"], first["retired"]) == (3, 0, 0, 0)
    items[0] = sensor_body("ANG-B-0", name={"fr": "Autre"})
    dry = client.post(
        "/api/v1/sensors/bulk", json={"items": items[:2], "dry_run": True, "retire_missing": True}, headers=admin
    ).json()
    assert dry["results"] == [
        {"id": "ANG-B-0", "outcome": "updated", "fields": ["name"]},
        {"id": "ANG-B-1", "outcome": "unchanged", "fields": []},
        {"id": "ANG-B-2", "outcome": "retired", "fields": ["status"]},
    ]
    assert client.get("/api/v1/sensors/ANG-B-0").json()["revision"] == 1, "dry run writes nothing"
    real = client.post("/api/v1/sensors/bulk", json={"items": items[:2], "retire_missing": True}, headers=admin).json()
    assert (real["created"], real["updated"], real["unchanged"], real["retired"]) == (0, 1, 1, 1)
    assert client.get("/api/v1/sensors/ANG-B-2").json()["status"] == "retired"
    duplicate = client.post("/api/v1/sensors/bulk", json={"items": [items[1], items[1]]}, headers=admin)
    assert duplicate.status_code == 422 and "duplicate" in duplicate.json()["errors"][0]["message"]


def test_list_filters_and_summary_shape(client: TestClient, admin: dict[str, str]) -> None:
    camera = sensor_body(
        "ANG-CAM-1",
        location={"lat": 47.4, "lon": -0.5, "commune": "Avrillé", "zone": "Parc"},
        legal_basis="public_task",
        datachain={
            "purpose": ["safety_security"],
            "tech": ["identifiable_video"],
            "retention": ["no_data_retained"],
        },
    )
    items = [sensor_body("ANG-AQ-1"), camera]
    client.post("/api/v1/sensors/bulk", json={"items": items}, headers=admin)
    listed = client.get("/api/v1/sensors").json()
    assert listed["total"] == 2 and listed["limit"] == 100 and listed["offset"] == 0
    assert listed["items"][0] == {
        "id": "ANG-AQ-1",
        "name": {"fr": "Capteur de test", "en": "Test sensor"},
        "commune": "Angers",
        "zone": "Centre-ville",
        "status": "active",
        "revision": 1,
        "personal_data": "none",
        "url": f"{BASE_URL}/s/ANG-AQ-1",
    }

    def ids(query: str) -> list[str]:
        return [item["id"] for item in client.get(f"/api/v1/sensors?{query}").json()["items"]]

    assert ids("commune=Avrill%C3%A9") == ["ANG-CAM-1"]
    assert ids("personal_data=true") == ["ANG-CAM-1"]
    assert ids("personal_data=false") == ["ANG-AQ-1"]
    assert ids("purpose=health") == ["ANG-AQ-1"]
    assert ids("tech=identifiable_video") == ["ANG-CAM-1"]
    assert ids("zone=Parc") == ["ANG-CAM-1"]
    assert ids("q=cam") == ["ANG-CAM-1"]
    assert ids("limit=1&offset=1") == ["ANG-CAM-1"]


def test_public_json_twin_and_datachain_instance(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    twin = client.get("/s/ANG-TEST-0001.json")
    assert twin.status_code == 200 and twin.headers["cache-control"].startswith("public")
    data = twin.json()
    assert data["id"] == "ANG-TEST-0001" and data["sensor"]["id"] == "ANG-TEST-0001"
    assert data["links"]["page"] == f"{BASE_URL}/s/ANG-TEST-0001"
    assert data["history"][0]["summary"] == {"fr": "Fiche créée — registre", "en": "Record created — register"}
    again = client.get("/s/ANG-TEST-0001.json", headers={"If-None-Match": twin.headers["etag"]})
    assert again.status_code == 304
    instance = client.get("/s/ANG-TEST-0001/datachain.json").json()
    assert instance["id"] == "ANG-TEST-0001" and instance["schema_version"] == "device@2026-08-21"
    assert upstream_errors(instance) == []  # upstream DTPR's schema and semantic rules
    assert instance["created_at"].endswith("Z") and instance["updated_at"].endswith("Z")
    assert instance["instance_version"] == "1"
    assert {"locale": "fr", "value": "Capteur de test"} in instance["title"]
    retention = next(e for e in instance["elements"] if e["element_id"] == "data_retained")
    assert retention["variables"] == [
        {"id": "duration", "value": [{"locale": "fr", "value": "1 an"}, {"locale": "en", "value": "1 year"}]}
    ]


def test_tokens_created_listed_revoked(client: TestClient, admin: dict[str, str]) -> None:
    made = client.post("/api/v1/tokens", json={"name": "signage", "scope": "write"}, headers=admin)
    assert made.status_code == 201
    token = made.json()["token"]
    listed = client.get("/api/v1/tokens", headers=admin).json()["items"]
    assert [item["name"] for item in listed] == ["admin (DTPR_API__TOKEN)", "signage"]
    assert all("token" not in item for item in listed)
    mine = {"Authorization": f"Bearer {token}"}
    assert client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=mine).status_code == 201
    history = client.get("/api/v1/sensors/ANG-TEST-0001/history", headers=admin).json()
    assert history["items"][0]["actor"] == "signage"
    assert client.delete(f"/api/v1/tokens/{made.json()['id']}", headers=admin).status_code == 200
    assert client.get("/api/v1/feedback", headers=mine).status_code == 401
    assert client.delete(f"/api/v1/tokens/{made.json()['id']}", headers=admin).status_code == 404
