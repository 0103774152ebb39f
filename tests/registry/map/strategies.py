"""Hypothesis strategies for the map: points as the register stores them, tile URL templates."""

from __future__ import annotations

from hypothesis import strategies as st

from dtpr_store.reads import MapPoint

sensor_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True)
levels = st.sampled_from(["none", "de_identified", "identifiable"])
purposes = st.lists(st.sampled_from(["health", "ecology", "traffic_management", "safety_security"]), max_size=3)
communes = st.sampled_from(["Angers", "Avrillé", "Trélazé", ""])


@st.composite
def map_points(draw: st.DrawFn) -> MapPoint:
    return MapPoint(
        id=draw(sensor_ids),
        name=draw(st.text(max_size=40)),
        lat=draw(st.floats(min_value=-85, max_value=85, allow_nan=False)),
        lon=draw(st.floats(min_value=-180, max_value=180, allow_nan=False)),
        personal_data=draw(levels),
        purposes=tuple(dict.fromkeys(draw(purposes))),
        commune=draw(communes),
        zone="",
        names=draw(st.dictionaries(st.sampled_from(["fr", "en", "es", "pt", "tl", "km"]), st.text(max_size=20))),
    )


nearby_points = st.builds(
    lambda lat, lon, commune: MapPoint("X", "x", lat, lon, "none", (), commune, ""),
    st.floats(min_value=47.3, max_value=47.6),
    st.floats(min_value=-0.8, max_value=-0.3),
    communes,
)
tile_templates = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda host, path: f"https://{host}/{path}",
        st.from_regex(r"[a-z0-9.{}:@%-]{1,30}", fullmatch=True),
        st.text(alphabet="abc/{}xyz?=&;'\" ", max_size=30),
    ),
)
