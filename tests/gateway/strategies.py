"""Hypothesis strategies for MQTT messages, written by hand (one module, as the house rules say)."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from dtpr_core.taxonomy import load_taxonomy

ELEMENT_IDS = sorted(load_taxonomy().elements)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
element_ids = st.sampled_from(ELEMENT_IDS) | st.text(max_size=20)

announcements = st.fixed_dictionaries(
    {
        "device": st.dictionaries(
            st.sampled_from(["manufacturer", "model", "serial", "firmware", "colour"]), json_scalars
        )
    },
    optional={
        "elements": st.lists(element_ids, max_size=5) | json_values,
        "location": st.fixed_dictionaries({"lat": json_scalars, "lon": json_scalars}) | json_values,
        "datachain": json_values,
        "extra": json_values,
    },
)
ha_configs = st.fixed_dictionaries(
    {},
    optional={
        "dev": st.fixed_dictionaries(
            {}, optional={"ids": json_values | st.text(max_size=20), "mf": json_scalars, "sw": json_scalars}
        ),
        "dev_cla": st.sampled_from(["temperature", "pm25", "occupancy", "humidity"]) | json_scalars,
        "unit_of_meas": st.sampled_from(["°C", "ppm", "dB"]) | json_scalars,
        "avty_t": json_scalars,
        "avty": json_values,
        "~": json_scalars,
    },
)


def _dumps(value: object) -> bytes:
    return json.dumps(value).encode()


payloads = st.one_of(
    st.binary(max_size=300),
    json_values.map(_dumps),
    announcements.map(_dumps),
    ha_configs.map(_dumps),
    st.sampled_from([b"", b"online", b"offline", b'{"state": "online"}', b"\xff\xfe", b"[" * 5000]),
)
sensor_ids = st.sampled_from(["ANG-AQ-0001", "ha-0x1234", "bad id", "", "x" * 70, "é", "ANG-AQ-0002"])
components = st.sampled_from(["sensor", "binary_sensor", "camera", "light", "a b"])


def topics(prefix: str, discovery: str) -> st.SearchStrategy[str]:
    native = st.builds(lambda s, k: f"{prefix}/{s}/{k}", sensor_ids, st.sampled_from(["meta", "status", "other"]))
    ha = st.builds(
        lambda c, n, o: f"{discovery}/{c}/{n}{o}/config",
        components,
        st.sampled_from(["", "0x00158d0001/", "bad node/"]),
        st.sampled_from(["temperature", "pm25", "x/y"]),
    )
    return native | ha | st.text(max_size=40)


_GONE = object()


def _drop_gone(mapping: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in mapping.items() if value is not _GONE}


def mutated(value: object, depth: int = 0) -> st.SearchStrategy[object]:
    """*value* (a network server's sample event) with parts kept, dropped or replaced by any JSON value."""
    if isinstance(value, dict) and depth < 3:
        inner: st.SearchStrategy[object] = st.fixed_dictionaries(
            {k: mutated(v, depth + 1) for k, v in value.items()}
        ).map(_drop_gone)
    elif isinstance(value, list) and value and depth < 3:
        element = mutated(value[0], depth + 1).filter(lambda item: item is not _GONE)
        inner = st.lists(element, max_size=3)
    else:
        inner = st.just(value)
    return st.one_of(inner, inner, inner, inner, json_values, st.just(_GONE))


def mutated_payloads(sample: dict[str, object]) -> st.SearchStrategy[bytes]:
    """JSON of a mutated *sample*, or arbitrary bytes (protobuf and garbage paths)."""
    as_json = mutated(sample).map(lambda value: json.dumps(None if value is _GONE else value).encode())
    return st.one_of(as_json, as_json, as_json, st.binary(max_size=200))
