"""A stable fingerprint of a sensor's printed content: what ``--changed`` compares."""

from __future__ import annotations

import hashlib
import json

from dtpr_core import Sensor, sensor_to_data


def content_hash(sensor: Sensor) -> str:
    """SHA-256 of the sensor in canonical register form (hex); equal data, equal hash."""
    data = sensor_to_data(sensor)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_hash(sensor: Sensor) -> str:
    return content_hash(sensor)[:7]
