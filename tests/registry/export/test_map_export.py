"""The public map in the static export: the live bytes, in every language, and nginx's policy for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from dtpr_core.locales import LOCALES
from dtpr_core.urls import MAP_FILES
from registry.export.site import ExportReport
from registry.map.page import STATIC_FILES, map_csp


def test_the_map_and_its_files_are_the_live_ones(
    client: TestClient, shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    export()
    site = tmp_path / "site"
    for locale in LOCALES:
        live = client.get(f"/carte?lang={locale}")
        assert (site / f"carte/index.{locale}.html").read_bytes() == live.content, locale
    assert (site / "carte/index.html").read_bytes() == client.get("/carte").content
    for name in MAP_FILES:  # the data in each language, the background
        assert (site / "carte" / name).read_bytes() == client.get(f"/carte/{name}").content, name
        assert (site / "carte" / f"{name}.gz").exists()
    for name in STATIC_FILES:
        assert (site / "carte/static" / name).read_bytes() == client.get(f"/carte/static/{name}").content
    maps = (site / "_dtpr/nginx-maps.conf").read_text()
    assert f'"{map_csp(client.app.state.settings.map)}"' in maps  # type: ignore[attr-defined]
    assert '"~^/carte/?$" /carte/index.$dtpr_lang.html;' in maps
    spanish = json.loads((site / "carte/sensors.es.json").read_bytes())
    names = dict(zip(spanish["ids"], spanish["names"], strict=True))
    assert names["ANG-AQ-0001"] == "Calidad del aire — Place de la Fraternité"  # translations/es.po
    assert spanish["name_langs"][0] == "es"
