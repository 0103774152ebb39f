"""``dtpr export site``: the live site's URLs as files, byte for byte what the app answers."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import brotli
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from dtpr_cli.main import main
from dtpr_core.locales import LOCALES
from dtpr_core.yaml_source import load_register_file
from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor
from registry.export.site import ExportReport
from tests.registry.conftest import BASE_URL
from tests.registry.export.conftest import SHIPPED

pytestmark = pytest.mark.usefixtures("frozen_clock")


def live(client: TestClient, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content


def test_every_page_is_the_live_page_byte_for_byte(
    client: TestClient, shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    report = export()
    site = tmp_path / "site"
    assert report.sensors == len(shipped) and report.rewritten == len(shipped)
    for sensor_id in shipped:  # the retired one included
        for locale in LOCALES:
            assert (site / f"s/{sensor_id}/index.{locale}.html").read_bytes() == live(
                client, f"/s/{sensor_id}?lang={locale}"
            ), (sensor_id, locale)
        assert (site / f"s/{sensor_id}/index.html").read_bytes() == live(client, f"/s/{sensor_id}")
        assert (site / f"s/{sensor_id}.json").read_bytes() == live(client, f"/s/{sensor_id}.json")
        assert (site / f"s/{sensor_id}/datachain.json").read_bytes() == live(client, f"/s/{sensor_id}/datachain.json")
    assert b"il y a 7 minutes (en ligne)" in (site / f"s/{shipped[0]}/index.fr.html").read_bytes()
    listings = sorted((site / "_q").glob("*.html"))
    assert any("commune=" in p.name for p in listings) and any("zone=" in p.name for p in listings)
    for path in listings:
        assert path.read_bytes() == live(client, "/?" + path.name.removesuffix(".html")), path.name
    assert (site / "index.html").read_bytes() == live(client, "/")
    for locale in LOCALES:
        assert (site / f"index.{locale}.html").read_bytes() == live(client, f"/?lang={locale}")
        assert (site / f"inventory/index.{locale}.html").read_bytes() == live(client, f"/inventory?lang={locale}")
    for path in ("export/sensors.csv", "export/sensors.geojson", "inventory.csv", "dtpr-icons/air_quality.svg"):
        assert (site / path).read_bytes() == live(client, f"/{path}"), path
    icons = list((site / "dtpr-icons").rglob("*.svg"))
    assert len(icons) > 100 and all(icon.read_bytes() == live(client, f"/{icon.relative_to(site)}") for icon in icons)


def test_no_link_to_the_application_and_compressed_copies(
    shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    export()
    site = tmp_path / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > len(shipped) * len(LOCALES)
    for page in pages:
        html = page.read_text("utf-8")
        html = re.sub(r'<link rel="(canonical|alternate)"[^>]*>', "", html)  # metadata: the public address
        links = re.findall(r'(?:href|src|action)="([^"]*)"', html)
        assert not [link for link in links if link.startswith((BASE_URL, "//", "http://127.", "http://localhost"))]
        assert gzip.decompress((site / f"{page.relative_to(site)}.gz").read_bytes()) == page.read_bytes()
        assert brotli.decompress((site / f"{page.relative_to(site)}.br").read_bytes()) == page.read_bytes()
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    part = ET.parse(site / "sitemaps/1.xml").getroot()
    assert sitemap.tag.endswith("sitemapindex") and len(sitemap) == 1
    located = {element.text for element in part.iter() if element.tag.endswith("loc")}
    assert {f"{BASE_URL}/s/{sensor_id}" for sensor_id in shipped} <= located and f"{BASE_URL}/" in located
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in (site / "robots.txt").read_text()
    maps = (site / "_dtpr/nginx-maps.conf").read_text()
    assert "|".join(LOCALES) in maps


def _files(site: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


def test_changed_rewrites_only_what_changed_and_removes_nothing(
    app: FastAPI, shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    export()
    before = _files(site)
    again = export(changed=True)
    assert again.rewritten == 0 and _files(site) == before  # nothing changed, nothing touched
    result = load_register_file(str(SHIPPED))
    assert result.register is not None
    edited = result.register.sensors[2]
    with session_scope(app.state.engine) as session:
        upsert_sensor(
            session, sensor=edited.__class__(**{**_fields(edited), "mounting": "Poteau n° 12"}), source="api", actor="t"
        )
        session.execute(text("DELETE FROM revision WHERE sensor_id = :id"), {"id": shipped[3]})
        session.execute(text("DELETE FROM sensor WHERE id = :id"), {"id": shipped[3]})  # gone from the register
    third = export(changed=True)
    after = _files(site)
    assert third.rewritten == 1
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed and all(path.startswith(f"s/{edited.id}") for path in changed if path.startswith("s/"))
    assert f"s/{edited.id}/index.fr.html" in changed and f"s/{shipped[0]}/index.fr.html" not in changed
    assert set(before) <= set(after)  # the vanished sensor's page stays: a printed QR code points to it
    assert (site / f"s/{shipped[3]}/index.html").read_bytes().startswith(b"<!doctype html>")
    export()  # a full export into the same folder removes nothing either
    assert set(before) <= set(_files(site))


def _fields(sensor: object) -> dict[str, object]:
    return {name: getattr(sensor, name) for name in sensor.__slots__}  # type: ignore[attr-defined]


def test_without_the_service_the_form_becomes_postal_and_phone_contact(
    shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    export(service=False)
    page = (tmp_path / "site" / f"s/{shipped[0]}/index.fr.html").read_text("utf-8")
    assert 'method="post"' not in page and 'id="feedback"' in page and 'id="helpful"' not in page
    assert "Par courrier" in page and "Téléphone" in page and "cette copie du site\u00a0:" in page


def test_cli_exports_and_says_what_it_wrote(
    app: FastAPI,
    shipped: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dtpr_core.settings import get_settings

    monkeypatch.setenv("DTPR_DATABASE__URL", app.state.settings.database.url)
    monkeypatch.setenv("DTPR_PUBLIC__BASE_URL", BASE_URL)
    get_settings.cache_clear()
    try:
        assert main(["export", "site", str(tmp_path / "cli"), "--no-compress"]) == 0
        assert main(["export", "site", str(tmp_path / "cli"), "--changed", "--no-compress"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert f"{len(shipped)} sensors ({len(shipped)} written)" in out and f"{len(shipped)} sensors (0 written)" in out
    assert not list((tmp_path / "cli").rglob("*.gz"))
    assert isinstance(datetime.now(), datetime)
