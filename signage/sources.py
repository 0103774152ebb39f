"""Where the sensors to print come from: ``sensors.yaml`` or the registry's API.

Both give :class:`SourcedSensor` values, so selection, ``--changed`` and the record
of what was printed work the same way from either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from dtpr_core import Sensor, load_register_file, read_sensor_data
from signage.fingerprint import content_hash
from signage.options import SignError

TIMEOUT_S = 20.0


@dataclass(frozen=True, slots=True)
class SourcedSensor:
    sensor: Sensor
    revision: int | None
    updated_on: date | None
    content_hash: str


def sensors_from_file(path: str | Path) -> list[SourcedSensor]:
    """Every sensor of a register file; a register with errors is refused as a whole."""
    if not Path(path).is_file():
        raise SignError(f"{path}: no such register file; give --register PATH or --registry URL")
    result = load_register_file(str(path))
    if not result.ok or result.register is None:
        first = next((p for p in result.problems if p.is_error), None)
        detail = f" (first: {first.format(str(path))})" if first else ""
        raise SignError(f"{path} has errors{detail}; run `dtpr validate {path}` and fix them first")
    return [SourcedSensor(s, None, None, content_hash(s)) for s in result.register.sensors]


def _client(url: str, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=TIMEOUT_S)


def _get_json(client: httpx.Client, path: str) -> Any:
    try:
        response = client.get(path)
    except httpx.HTTPError as error:
        raise SignError(f"cannot reach the registry at {client.base_url}: {error}; check --registry") from error
    if response.status_code in (401, 403):
        raise SignError(f"the registry refused {path} ({response.status_code}); give a valid --token")
    if response.status_code != 200:
        raise SignError(f"the registry answered {response.status_code} to GET {path}")
    return response.json()


def _day(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def fetch_sensors_from_registry(
    url: str, token: str | None = None, ids: list[str] | None = None
) -> list[SourcedSensor]:
    """Sensors with their datachain revision from ``GET /api/v1/sensors`` then ``/api/v1/sensors/{id}``."""
    with _client(url, token) as client:
        if ids is None:
            listing = _get_json(client, "/api/v1/sensors")
            ids = [str(item["id"]) for item in listing.get("items", [])]
        found = []
        for sensor_id in ids:
            body = _get_json(client, f"/api/v1/sensors/{sensor_id}")
            sensor, problems = read_sensor_data(body.get("sensor"))
            if sensor is None:
                first = next((p.message for p in problems if p.is_error), "invalid")
                raise SignError(f"sensor {sensor_id} from the registry is not valid: {first}")
            revision = body.get("revision")
            found.append(
                SourcedSensor(
                    sensor,
                    revision if isinstance(revision, int) else None,
                    _day(body.get("updated_at")),
                    content_hash(sensor),
                )
            )
    return found


def post_printed(url: str, token: str | None, items: list[dict[str, Any]]) -> bool:
    """Tell the registry which signs were printed; False when it does not know the route yet."""
    with _client(url, token) as client:
        try:
            response = client.post("/api/v1/signs/printed", json={"items": items})
        except httpx.HTTPError as error:
            raise SignError(f"cannot record printed signs at {client.base_url}: {error}") from error
    if response.status_code in (404, 405):
        return False
    if response.status_code >= 400:
        raise SignError(f"the registry answered {response.status_code} when recording printed signs")
    return True
