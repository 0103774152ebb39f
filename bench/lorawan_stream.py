"""The LoRaWAN stream of ``bench/gateway_ingest.py``: ChirpStack v4 JSON uplinks of a city's devices.

10,000 devices (1,000 of them declared in the register with their DevEUI, the others
discovered), each sending uplinks in turn: every uplink is a sign of life (last heard,
link health), a device's first one also a discovery or a first device fact.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.gateway.lorawan_samples import cs_up  # noqa: E402

PREFIX = "bench/application"
DEVICES = 10_000
LINKED = 1_000
TOPIC_FILTER = f"{PREFIX}/+/device/+/event/+"


def dev_eui(i: int) -> str:
    return f"70B3D57E{i % DEVICES:08X}"


def uplink(i: int) -> tuple[str, bytes]:
    eui = dev_eui(i)
    body = cs_up(eui, "Capteur CO2 Elsys ERS", f_cnt=i // DEVICES)
    return f"{PREFIX}/17c82e96/device/{eui.lower()}/event/up", json.dumps(body).encode()


def declare_linked(database_url: str) -> None:
    """The register: the first LINKED devices are declared sensors naming their DevEUI."""
    from dtpr_store.db import make_engine, migrate, session_scope
    from dtpr_store.writes import upsert_sensor
    from tests.conftest import make_sensor  # the publisher process does not need these

    engine = make_engine(database_url)
    migrate(engine)
    with session_scope(engine) as session:
        for i in range(LINKED):
            sensor = make_sensor(f"BENCH-LW-{i:05d}", network={"lorawan": {"dev_eui": dev_eui(i)}})
            upsert_sensor(session, sensor=sensor, source="register", actor="bench")
    engine.dispose()
