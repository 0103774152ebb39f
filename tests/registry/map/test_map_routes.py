"""``/carte`` and its files through the app, over SQLite and PostgreSQL: what the browser gets."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

from fastapi.testclient import TestClient

from dtpr_core.locales import LOCALES
from dtpr_core.settings import MapSettings
from dtpr_core.urls import map_data_name
from registry.app import create_app
from registry.map.page import STATIC_FILES
from tests.registry.conftest import BASE_URL, make_settings, sensor_body

CAMERA = {
    "location": {"lat": 47.46, "lon": -0.54, "commune": "Angers", "zone": "Gare"},
    "legal_basis": "public_task",
    "datachain": {
        "purpose": ["safety_security"],
        "tech": ["identifiable_video"],
        "access": ["available_to_the_accountable_organization"],
        "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "30 jours", "en": "30 days"}}}],
        "storage": ["stored_locally"],
    },
}
"""A camera filming people one can recognise: the map's yellow square."""


def _put(client: TestClient, admin: dict[str, str], sensor_id: str, **changes: Any) -> None:
    response = client.put(f"/api/v1/sensors/{sensor_id}", json=sensor_body(sensor_id, **changes), headers=admin)
    assert response.status_code in (200, 201), response.text


def _decoded(body: dict[str, Any]) -> dict[str, tuple[float, float, str, list[str]]]:
    """The data file read back as map.js reads it: id -> (lat, lon, personal code, purposes)."""
    lat = lon = 0
    out = {}
    for i, sensor_id in enumerate(body["ids"]):
        lat, lon = lat + body["lat"][i], lon + body["lon"][i]
        numbers = body["purposes"][i].split(".") if body["purposes"][i] else []
        purposes = [body["purpose_ids"][int(n)] for n in numbers]
        out[sensor_id] = (lat / body["scale"], lon / body["scale"], body["personal"][i], purposes)
    return out


def test_the_data_file_holds_every_public_sensor_with_a_position(client: TestClient, admin: dict[str, str]) -> None:
    _put(client, admin, "ANG-MAP-0001")
    _put(
        client,
        admin,
        "ANG-MAP-0002",
        location={"lat": 47.48123, "lon": -0.56789, "commune": "Avrillé", "zone": "Bourg"},
    )
    _put(client, admin, "ANG-MAP-0003", **CAMERA)
    _put(client, admin, "ANG-MAP-0004", status="retired")
    response = client.get("/carte/sensors.json", headers={"accept-encoding": "identity"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    found = _decoded(response.json())
    assert set(found) == {"ANG-MAP-0001", "ANG-MAP-0002", "ANG-MAP-0003"}  # the retired one is not in the street
    assert found["ANG-MAP-0002"][:3] == (47.48123, -0.56789, "0")
    assert found["ANG-MAP-0003"][2] == "2" and found["ANG-MAP-0003"][3] == ["safety_security"]
    assert response.json()["names"][0] == "Capteur de test"


def test_each_language_has_its_data_file_naming_sensors_in_it_or_marked(
    client: TestClient, admin: dict[str, str]
) -> None:
    duration = {"fr": "1 an", "en": "1 year", "es": "1 año"}
    datachain = {
        "purpose": ["health"],
        "tech": ["air_quality"],
        "retention": [{"element": "data_retained", "variables": {"duration": duration}}],
        "storage": ["stored_locally"],
    }
    name = {"fr": "Qualité de l’air", "es": "Calidad del aire", "en": "Air quality"}
    _put(client, admin, "ANG-MAP-0001", name=name, datachain=datachain)
    _put(client, admin, "ANG-MAP-0002", name={"fr": "Comptage vélo"})
    found = {}
    for locale in ("fr", "es", "km"):
        body = client.get(f"/carte/{map_data_name(locale)}", headers={"accept-encoding": "identity"}).json()
        assert body["ids"] == ["ANG-MAP-0001", "ANG-MAP-0002"]
        found[locale] = [(n, body["name_langs"][int(c)]) for n, c in zip(body["names"], body["name_lang"], strict=True)]
    assert found["fr"] == [("Qualité de l’air", "fr"), ("Comptage vélo", "fr")]
    assert found["es"] == [("Calidad del aire", "es"), ("Comptage vélo", "fr")]
    assert found["km"] == [("Air quality", "en"), ("Comptage vélo", "fr")]  # English first, then French
    assert client.get("/carte/sensors.fr.json").status_code == 404  # French is sensors.json, once
    assert client.get("/carte/sensors.xx.json").status_code == 404


def _config(page: str) -> dict[str, Any]:
    found = re.search(r'data-config="([^"]+)"', page)
    assert found is not None
    raw = found.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&").replace("&#x27;", "'")
    return dict(json.loads(raw))


def test_the_page_tells_the_script_how_to_say_a_name_is_in_another_language(client: TestClient) -> None:
    notices = _config(client.get("/carte?lang=es").text)["fallback"]
    assert set(notices) == {"fr", "en", "pt", "tl", "km"}
    assert "francés" in notices["fr"][0] and notices["fr"][1] == "es"
    assert "es" in _config(client.get("/carte").text)["fallback"]


def test_files_are_sent_gzipped_to_a_browser_that_accepts_it(client: TestClient, admin: dict[str, str]) -> None:
    _put(client, admin, "ANG-MAP-0001")
    with client.stream("GET", "/carte/sensors.json", headers={"accept-encoding": "gzip"}) as response:
        assert response.headers["content-encoding"] == "gzip"
        raw = b"".join(response.iter_raw())
    assert json.loads(gzip.decompress(raw))["ids"] == ["ANG-MAP-0001"]
    outlines = client.get("/carte/communes.geojson").json()
    assert [f["properties"]["name"] for f in outlines["features"]] == ["Angers"]


def test_the_map_page_is_the_one_public_page_allowed_scripts_from_the_registry(
    client: TestClient, admin: dict[str, str]
) -> None:
    _put(client, admin, "ANG-MAP-0001")
    page = client.get("/carte")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "img-src 'self';" in policy and "https:" not in policy
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert [s.split("?")[0] for s in scripts] == [
        "/carte/static/leaflet.js",
        "/carte/static/supercluster.min.js",
        "/carte/static/map.js",
    ]
    for src in scripts:
        assert client.get(src).status_code == 200
    for other in ("/", "/s/ANG-MAP-0001", "/inventory", "/?commune=Angers"):
        response = client.get(other)
        assert "<script" not in response.text and "script-src" not in response.headers["content-security-policy"]
        assert 'href="/carte"' in response.text, other  # every public page links the map


def test_the_page_lists_communes_and_zones_for_those_without_javascript(
    client: TestClient, admin: dict[str, str]
) -> None:
    _put(client, admin, "ANG-MAP-0001")
    page = client.get("/carte?lang=en").text
    assert 'href="/?commune=Angers&amp;lang=en"' in page and 'href="/?zone=Centre-ville&amp;lang=en"' in page
    assert 'id="map-app" hidden' in page  # shown by map.js only
    assert "Near me" in page and "never sent" in page


def test_the_page_speaks_each_language(client: TestClient) -> None:
    for locale in LOCALES:
        page = client.get(f"/carte?lang={locale}").text
        assert f'<html lang="{locale}"' in page
        config = json.loads(
            re.search(r'data-config="([^"]+)"', page)
            .group(1)
            .replace("&#34;", '"')
            .replace("&quot;", '"')
            .replace("&amp;", "&")
            .replace("&#x27;", "'")
        )
        assert config["lang"] == locale and config["data"] == f"/carte/{map_data_name(locale)}"
        assert config["query"] == ("" if locale == "fr" else f"?lang={locale}")
    assert "Près de moi" in client.get("/carte").text


def test_only_the_maps_own_files_are_served(client: TestClient) -> None:
    for name in STATIC_FILES:
        assert client.get(f"/carte/static/{name}").status_code == 200, name
    for name in ("page.css", "..%2Fpage.css", "map.js.map", "images%2Flayers.png"):
        response = client.get(f"/carte/static/{name}")
        assert response.status_code == 404 and response.headers["content-type"].startswith("application/json")


TILES = "https://data.geopf.fr/wmts?LAYER=PLAN&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"


def test_an_outside_tile_service_is_allowed_exactly_and_named(database_url: str) -> None:
    settings = make_settings(database_url).model_copy(
        update={"map": MapSettings(tile_url=TILES, tile_attribution="IGN")}
    )
    app = create_app(settings)
    try:
        with TestClient(app, base_url=BASE_URL) as client:
            page = client.get("/carte?lang=en")
            policy = page.headers["content-security-policy"]
            assert "img-src 'self' https://data.geopf.fr;" in policy and policy.count("https://") == 1
            assert "comes from https://data.geopf.fr" in page.text and "sees your IP address" in page.text
            assert "https://data.geopf.fr" not in client.get("/").headers["content-security-policy"]
            assert "data.geopf.fr" not in client.get("/").text
    finally:
        app.state.engine.dispose()
