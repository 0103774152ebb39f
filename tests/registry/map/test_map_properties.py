"""Property tests of what the map takes from outside: the register's points, the operator's settings and file."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dtpr_core.settings import MapSettings
from dtpr_store.reads import MapPoint
from registry.map.data import PERSONAL_CODES, map_data
from registry.map.outlines import OutlineFileError, commune_outlines, read_outline_file
from tests.registry.map.strategies import map_points, nearby_points, tile_templates


def decode(body: bytes) -> list[tuple[str, str, float, float, str, list[str]]]:
    """The data file read back the way map.js reads it."""
    found = json.loads(body)
    lat = lon = 0
    out = []
    for i, sensor_id in enumerate(found["ids"]):
        lat, lon = lat + found["lat"][i], lon + found["lon"][i]
        numbers = found["purposes"][i].split(".") if found["purposes"][i] else []
        purposes = [found["purpose_ids"][int(n)] for n in numbers]
        scale = found["scale"]
        out.append((sensor_id, found["names"][i], lat / scale, lon / scale, found["personal"][i], purposes))
    return out


@given(st.lists(map_points(), max_size=30))
def test_the_data_file_gives_back_every_point(points: list[MapPoint]) -> None:
    back = decode(map_data(points))
    assert len(back) == len(points)
    for point, (sensor_id, _name, lat, lon, code, purposes) in zip(points, back, strict=True):
        assert (sensor_id, code, purposes) == (
            point.id,
            PERSONAL_CODES[point.personal_data],
            list(point.purposes),
        )  # fmt: skip (names: the next test)
        assert abs(lat - point.lat) <= 0.5e-5 + 1e-9 and abs(lon - point.lon) <= 0.5e-5 + 1e-9


@given(st.lists(map_points(), max_size=30), st.sampled_from(["fr", "en", "es", "pt", "tl", "km"]))
def test_each_language_file_names_each_sensor_in_it_or_says_in_which(points: list[MapPoint], locale: str) -> None:
    found = json.loads(map_data(points, locale))
    assert found["name_langs"][0] == locale and len(found["name_lang"]) == len(points)
    for point, name, code in zip(points, found["names"], found["name_lang"], strict=True):
        lang = found["name_langs"][int(code)]
        own = point.names.get(locale) or (point.name if locale == "fr" else "")
        if own:
            assert (name, lang) == (own, locale)
        elif name:
            assert lang != locale and name in (point.name, *point.names.values())


def _inside(x: float, y: float, ring: list[list[float]]) -> bool:
    """On or inside a counter-clockwise convex ring."""
    return all(
        (bx - ax) * (y - ay) - (by - ay) * (x - ax) >= -1e-9 for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False)
    )


@given(st.lists(nearby_points, min_size=1, max_size=40))
def test_each_commune_outline_holds_its_sensors(points: list[MapPoint]) -> None:
    found = json.loads(commune_outlines(points))
    rings = {f["properties"]["name"]: f["geometry"]["coordinates"][0] for f in found["features"]}
    assert set(rings) == {p.commune or "—" for p in points}
    for point in points:
        ring = rings[point.commune or "—"]
        assert ring[0] == ring[-1] and len(ring) >= 4
        assert _inside(round(point.lon, 5), round(point.lat, 5), ring)


@given(tile_templates)
def test_a_tile_url_is_accepted_with_its_origin_or_refused_clearly(template: str) -> None:
    try:
        chosen = MapSettings(tile_url=template)
    except ValidationError as error:
        assert "tile URL must" in str(error)
        return
    if chosen.tile_url is None:
        assert not template.strip()
        return
    origin = chosen.tile_origin
    assert origin is not None and chosen.tile_url.startswith(origin + "/")
    assert not any(char in origin for char in "\"' ;{}%@")


JSON_VALUES = st.recursive(
    st.none() | st.integers() | st.text(max_size=5),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
)
COLLECTIONS = st.builds(
    lambda features: {"type": "FeatureCollection", "features": features},
    JSON_VALUES | st.lists(st.fixed_dictionaries({"geometry": JSON_VALUES | st.fixed_dictionaries(
        {"type": st.sampled_from(["Polygon", "Point", "MultiPolygon"])})}), max_size=3),
)  # fmt: skip


@settings(max_examples=80)
@given(st.one_of(st.binary(max_size=200), (JSON_VALUES | COLLECTIONS).map(lambda value: json.dumps(value).encode())))
def test_an_outline_file_is_used_or_refused_with_a_reason(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "communes.geojson"
        path.write_bytes(body)
        try:
            assert read_outline_file(str(path)) == body
        except OutlineFileError as error:
            assert str(path) in str(error)


def test_a_good_outline_file_is_served_as_it_is_and_a_missing_one_said(tmp_path: Path) -> None:
    good = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"NOM": "Angers"},
         "geometry": {"type": "Polygon", "coordinates": [[[-0.6, 47.4], [-0.5, 47.4], [-0.5, 47.5], [-0.6, 47.4]]]}}
    ]}  # fmt: skip
    path = tmp_path / "communes.geojson"
    path.write_text(json.dumps(good))
    assert json.loads(read_outline_file(str(path))) == good
    with pytest.raises(OutlineFileError, match="cannot be read"):
        read_outline_file(str(tmp_path / "missing.geojson"))
