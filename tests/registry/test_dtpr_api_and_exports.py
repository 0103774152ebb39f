"""DTPR taxonomy endpoints (upstream wire shapes), icons, and the open-data exports."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient

from registry.public.exports import EXPORT_COLUMNS
from tests.registry.conftest import BASE_URL, sensor_body

FROZEN_EXPORT_COLUMNS = (
    "id,name_fr,name_en,status,commune,zone,address,lat,lon,purposes,technologies,personal_data,legal_basis,"
    "retention_fr,accountable,page_url,revision,updated_at,licence,attribution"
)


def test_elements_have_upstream_shape_and_locale_filter(client: TestClient) -> None:
    elements = client.get("/api/dtpr/v1/elements/device").json()
    assert len(elements) == len({item["element"]["id"] for item in elements}) > 100
    retained = next(item for item in elements if item["element"]["id"] == "data_retained")
    assert retained["schema"] == {
        "name": "DTPR Element",
        "id": "dtpr_element",
        "version": "0.2",
        "namespace": "https://dtpr.io/schemas/element/v0.2",
    }
    element = retained["element"]
    assert set(element) == {"id", "category_ids", "version", "icon", "title", "description", "citation", "variables"}
    assert element["icon"]["url"].startswith(f"{BASE_URL}/dtpr-icons/") and element["icon"]["format"] == "svg"
    assert element["variables"][0]["id"] == "duration" and element["variables"][0]["required"] is True
    assert {item["locale"] for item in element["title"]} == {"fr", "en", "es", "pt", "tl", "km"}
    filtered = client.get("/api/dtpr/v1/elements?locales=en,fr").json()
    title = next(i for i in filtered if i["element"]["id"] == "data_retained")["element"]["title"]
    assert [item["locale"] for item in title] == ["fr", "en"]
    assert client.get("/api/dtpr/v1/elements?locales=xx").status_code == 400


def test_categories_in_datachain_order(client: TestClient) -> None:
    categories = client.get("/api/dtpr/v1/categories/device?locales=fr").json()
    assert [item["category"]["id"] for item in categories] == [
        "device__accountable",
        "device__purpose",
        "device__tech",
        "device__data",
        "device__process",
        "device__access",
        "device__retention",
        "device__storage",
    ]
    retention = categories[6]["category"]
    assert set(retention) == {
        "id",
        "order",
        "required",
        "name",
        "description",
        "prompt",
        "version",
        "element_variables",
    }
    assert retention["element_variables"][0]["id"] == "duration"
    assert retention["name"] == [{"locale": "fr", "value": retention["name"][0]["value"]}]


def test_icons_are_served_safely(client: TestClient) -> None:
    icon = client.get("/dtpr-icons/air_quality.svg")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.text.startswith("<svg") and "<?xml" not in icon.text
    assert icon.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in icon.headers["content-security-policy"]
    assert "max-age" in icon.headers["cache-control"]
    for bad in ("/dtpr-icons/nope.svg", "/dtpr-icons/..%2F..%2Fsettings.py", "/dtpr-icons/air_quality.png"):
        assert client.get(bad).status_code == 404, bad


def test_every_element_icon_url_resolves(client: TestClient) -> None:
    for item in client.get("/api/dtpr/v1/elements/device?locales=en").json():
        path = item["element"]["icon"]["url"].removeprefix(BASE_URL)
        assert client.get(path).status_code == 200, path


def test_exports_geojson_and_csv(client: TestClient, admin) -> None:
    items = [sensor_body("ANG-A-1"), sensor_body("ANG-A-2", status="retired", retired_on="2026-01-01")]
    client.post("/api/v1/sensors/bulk", json={"items": items}, headers=admin)
    geo = client.get("/export/sensors.geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    collection = json.loads(geo.content)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.55, 47.47]}
    assert list(feature["properties"]) == [c for c in EXPORT_COLUMNS if c not in ("lat", "lon")]
    assert feature["properties"]["licence"] and "CC BY 4.0" in feature["properties"]["attribution"]
    assert collection["features"][1]["properties"]["status"] == "retired"
    raw = client.get("/export/sensors.csv").content
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for spreadsheet software"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert ",".join(rows[0].keys()) == FROZEN_EXPORT_COLUMNS
    assert rows[0]["page_url"] == f"{BASE_URL}/s/ANG-A-1" and rows[0]["purposes"] == "health"


def test_exports_exclude_discovered_devices(client: TestClient) -> None:
    assert json.loads(client.get("/export/sensors.geojson").content)["features"] == []
    assert client.get("/export/sensors.csv").content.decode("utf-8-sig").strip() == FROZEN_EXPORT_COLUMNS
