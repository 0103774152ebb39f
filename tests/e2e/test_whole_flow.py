"""The whole flow with real processes: broker, `dtpr serve`, `dtpr gateway`, `dtpr signs`.

A device announces itself over MQTT, its public page shows it, a sign is built,
its QR code decodes to the page's URL, and that URL serves the page.
"""

from __future__ import annotations

import html
import json
import subprocess
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import paho.mqtt.client as mqtt
import pytest

from dtpr_core.yaml_source import load_register_file
from tests.e2e.conftest import ROOT, Site, running_site
from tests.e2e.processes import DTPR

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, mqtt_url: str) -> Iterator[Site]:
    """A site of its own: the devices announced here change what its pages show (drift, last heard)."""
    with running_site(tmp_path_factory, mqtt_url) as started:
        yield started


def _publish(mqtt_url: str, topic: str, payload: bytes, retain: bool = True) -> None:
    parts = urlsplit(mqtt_url)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.connect(parts.hostname or "127.0.0.1", parts.port or 1883)
    client.loop_start()
    client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(10)
    client.loop_stop()
    client.disconnect()


def _wait_json(url: str, ok, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    last: dict = {}
    while time.monotonic() < deadline:
        response = httpx.get(url, timeout=5)
        if response.status_code == 200:
            last = response.json()
            if ok(last):
                return last
        time.sleep(0.2)
    raise AssertionError(f"condition not met for {url}: {json.dumps(last)[:500]}")


def test_announcement_reaches_the_public_page_and_the_sign_opens_it(site: Site, mqtt_url: str, tmp_path) -> None:
    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None
    sensor = next(s for s in register.sensors if s.status == "active")
    prefix = site.env["DTPR_MQTT__TOPIC_PREFIX"]
    announcement = json.loads((ROOT / "docs/examples/announcement.json").read_text("utf-8"))
    announcement.pop("datachain", None)
    announcement["elements"] = [s.element_id for s in sensor.elements("tech")]
    announcement.setdefault("device", {})["firmware"] = "9.9.9-e2e"
    _publish(mqtt_url, f"{prefix}/{sensor.id}/meta", json.dumps(announcement).encode())
    _publish(mqtt_url, f"{prefix}/{sensor.id}/status", b"online")

    detail = _wait_json(
        f"{site.base_url}/s/{sensor.id}.json",
        lambda data: "9.9.9-e2e" in json.dumps(data) and data.get("online") is True,
    )
    assert detail["id"] == sensor.id or detail.get("sensor", {}).get("id") == sensor.id

    page = httpx.get(f"{site.base_url}/s/{sensor.id}", timeout=5)
    assert page.status_code == 200
    assert sensor.name["fr"].split("—")[0].strip()[:20] in html.unescape(page.text)

    out = tmp_path / "signs"
    build = subprocess.run(
        [
            *DTPR,
            "signs",
            "build",
            "--sensor",
            sensor.id,
            "--registry",
            site.base_url,
            "--format",
            "png",
            "--proof",  # the test site's address is loopback: proofs only (issue #21)
            "--out",
            str(out),
        ],
        env={**__import__("os").environ, **site.env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    png = next(out.rglob("*.png"))

    import zxingcpp
    from PIL import Image

    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png)) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [f"{site.base_url}/s/{sensor.id}"]
    opened = httpx.get(decoded[0], timeout=5)
    assert opened.status_code == 200 and "text/html" in opened.headers["content-type"]
    assert sensor.id in opened.text


def test_undeclared_camera_is_flagged_as_drift_on_the_page(site: Site, mqtt_url: str) -> None:
    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None
    sensor = next(s for s in register.sensors if s.status == "active" and "sound_level_meter" in s.element_ids())
    prefix = site.env["DTPR_MQTT__TOPIC_PREFIX"]
    payload = {
        "device": {"manufacturer": "Acme", "model": "N-2"},
        "elements": ["sound_level_meter", "identifiable_video"],
    }
    _publish(mqtt_url, f"{prefix}/{sensor.id}/meta", json.dumps(payload).encode())
    _wait_json(f"{site.base_url}/s/{sensor.id}.json", lambda data: bool(data.get("drift")))
    page = html.unescape(httpx.get(f"{site.base_url}/s/{sensor.id}", timeout=5).text)
    assert 'id="drift"' in page
    assert "vidéo de personnes reconnaissables" in page.lower()
