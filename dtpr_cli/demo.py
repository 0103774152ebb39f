"""``dtpr demo``: the whole system plus a simulated fleet, so a newcomer sees it all move.

Every active sensor of the register announces itself over MQTT and goes online;
then one device starts announcing an undeclared camera (drift), one sends
garbage (quarantine), a Home Assistant device nobody declared shows up
(discovered), and a sign is printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from dtpr_cli.staff import first_admin
from dtpr_cli.system import System, port_taken, print_urls, running_system, serve_registry
from dtpr_cli.up import add_arguments as add_up_arguments
from dtpr_cli.up import local_settings, setup_logging, staff_lines, staff_sign_in_line
from dtpr_core.model import Sensor
from dtpr_core.yaml_source import load_register_file

HELP = "Start the whole system with a simulated fleet of devices (drift, quarantine, discovery), then print a sign."
log = logging.getLogger("dtpr.demo")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_up_arguments(parser)
    parser.add_argument("--duration", type=float, default=0, help="stop after this many seconds (0: run until Ctrl-C)")
    parser.add_argument("--out", default="data/demo", help="where the demo sign is written")


def announcement(sensor: Sensor, *, extra: tuple[str, ...] = ()) -> bytes:
    """A native DTPR announcement for *sensor* (see docs/mqtt.md)."""
    elements = [s.element_id for key in ("tech", "data") for s in sensor.elements(key)]
    payload = {
        "device": {
            "manufacturer": "Démo",
            "model": f"SIM-{sensor.id.split('-')[1] if '-' in sensor.id else 'X'}",
            "serial": f"SN-{zlib.crc32(sensor.id.encode()) % 10**8:08d}",
            "firmware": "1.0.0",
        },
        "elements": elements + list(extra),
        "location": {"lat": sensor.location.lat, "lon": sensor.location.lon},
    }
    return json.dumps(payload).encode("utf-8")


HA_CONFIG = {
    "name": "Température abri",
    "dev_cla": "temperature",
    "unit_of_meas": "°C",
    "stat_t": "zigbee2mqtt/abri_bus_foch",
    "uniq_id": "0x00158d0001a2b3c4_temperature_zigbee2mqtt",
    "avty_t": "zigbee2mqtt/bridge/state",
    "dev": {"ids": ["zigbee2mqtt_0x00158d0001a2b3c4"], "mf": "Aqara", "mdl": "WSDCGQ11LM", "sw": "3000-0001"},
}


class Fleet:
    """Publishes the simulated devices' messages with paho (QoS 1, retained)."""

    def __init__(self, system: System, sensors: list[Sensor]) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        parts = urlsplit(system.settings.mqtt.url or "")
        self.prefix = system.settings.mqtt.topic_prefix
        self.discovery = system.settings.mqtt.discovery_prefix
        self.sensors = sensors
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="dtpr-demo-fleet")
        if parts.username:
            self.client.username_pw_set(parts.username, parts.password)
        self.client.connect(parts.hostname or "127.0.0.1", parts.port or 1883)
        self.client.loop_start()

    def publish(self, topic: str, payload: bytes, retain: bool = True) -> None:
        self.client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(10)

    def announce_all(self) -> None:
        for sensor in self.sensors:
            self.publish(f"{self.prefix}/{sensor.id}/meta", announcement(sensor))
            self.publish(f"{self.prefix}/{sensor.id}/status", b"online")
        print(f"demo: {len(self.sensors)} devices announced themselves and are online")

    def misbehave(self) -> None:
        noisy = next((s for s in self.sensors if "sound_level_meter" in s.element_ids()), self.sensors[0])
        self.publish(f"{self.prefix}/{noisy.id}/meta", announcement(noisy, extra=("identifiable_video", "personal")))
        print(f"demo: {noisy.id} now announces an undeclared identifiable camera -> drift")
        self.publish(f"{self.prefix}/{self.sensors[-1].id}/meta", b"\xff\xfe{not json", retain=False)
        self.publish(f"{self.prefix}/../meta", b"{}", retain=False)
        print("demo: two garbage messages sent -> quarantine")
        self.publish(f"{self.discovery}/sensor/0x00158d0001a2b3c4/temperature/config", json.dumps(HA_CONFIG).encode())
        self.publish("zigbee2mqtt/bridge/state", b"online")
        print("demo: a Home Assistant (zigbee2mqtt) thermometer nobody declared -> discovered")

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def print_sign(system: System, sensor: Sensor, out: Path) -> Path | None:
    try:
        from signage import SignOptions, render_sign
    except ImportError:
        return None
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{sensor.id}.pdf"
    path.write_bytes(render_sign(sensor, SignOptions(base_url=system.base_url, size="a5", langs=("fr", "en")), "pdf"))
    return path


def _script(system: System, sensors: list[Sensor], args: argparse.Namespace) -> None:
    time.sleep(1.5)
    fleet = Fleet(system, sensors)
    try:
        fleet.announce_all()
        time.sleep(2)
        fleet.misbehave()
        sign = print_sign(system, sensors[0], Path(args.out))
        if sign:
            print(f"demo: sign printed to {sign} (also at {system.base_url}/signs/{sensors[0].id}.pdf)")
        drift = next((s for s in sensors if "sound_level_meter" in s.element_ids()), sensors[0])
        print(f"demo: look at {system.base_url}/s/{drift.id} (drift) and {system.base_url}/s/{sensors[0].id}")
        if args.duration:
            time.sleep(max(0.0, args.duration - 5))
            system.stop.set()
    finally:
        fleet.close()


def run(args: argparse.Namespace) -> int:
    setup_logging()
    taken = port_taken(args.host, args.port, "dtpr demo")
    if taken:
        print(taken)
        return 2
    settings = local_settings(args)
    result = load_register_file(args.register)
    if result.register is None:
        print(f"dtpr demo: {args.register} has errors; run: dtpr validate {args.register}")
        return 1
    sensors = [s for s in result.register.sensors if s.status in ("active", "maintenance")]
    with running_system(settings, mqtt_port=args.mqtt_port, register_path=args.register) as system:
        print(first_admin(settings.database.url, system.base_url) or staff_sign_in_line(system.base_url))
        print("DTPR demo is starting:")
        print_urls(system, staff_lines(system.base_url))
        threading.Thread(target=_script, args=(system, sensors, args), name="demo-fleet", daemon=True).start()
        try:
            serve_registry(system.settings, args.host, args.port, system.stop)
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
            pass
    print("demo stopped.")
    return 0
