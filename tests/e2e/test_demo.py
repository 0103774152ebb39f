"""The README's first command, as a newcomer runs it: ``dtpr demo`` on embedded defaults.

No broker, database or token configured: the embedded broker, SQLite under ./data
and a local staff token must be enough to see devices announce themselves, drift
flagged, garbage quarantined, an undeclared device discovered and a sign printed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from dtpr_core.yaml_source import load_register_file
from tests.e2e.conftest import ROOT
from tests.e2e.processes import DTPR, free_port, wait_for_http

pytestmark = [pytest.mark.slow]


def _wait_for_line(log: Path, text: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text("utf-8", errors="replace"):
            return
        assert process.poll() is None, log.read_text("utf-8", errors="replace")
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never printed:\n" + log.read_text("utf-8", errors="replace"))


def test_demo_runs_the_whole_flow_on_embedded_defaults(tmp_path: Path) -> None:
    shutil.copy(ROOT / "sensors.yaml", tmp_path / "sensors.yaml")
    register = load_register_file(str(tmp_path / "sensors.yaml")).register
    assert register is not None
    fleet = [s for s in register.sensors if s.status in ("active", "maintenance")]
    noisy = next(s for s in fleet if "sound_level_meter" in s.element_ids())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTPR_")}
    port, mqtt_port = free_port(), free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*DTPR, "demo", "--port", str(port), "--mqtt-port", str(mqtt_port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/healthz", timeout=60)
        _wait_for_line(log, "demo: look at", process)
        token = (tmp_path / "data" / "admin-token").read_text("utf-8").strip()
        assert (tmp_path / "data" / "admin-token").stat().st_mode & 0o077 == 0
        staff = {"Authorization": f"Bearer {token}"}

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            detail = httpx.get(f"{base}/s/{noisy.id}.json", timeout=5).json()
            quarantined = httpx.get(f"{base}/api/v1/quarantine", headers=staff, timeout=5).json()
            discovered = httpx.get(f"{base}/api/v1/discovered", headers=staff, timeout=5).json()
            if detail.get("drift") and len(quarantined["items"]) >= 2 and discovered["items"]:
                break
            time.sleep(0.3)
        assert "identifiable_video" in [item["element_id"] for item in detail["drift"]]
        assert len(quarantined["items"]) >= 2
        assert any("0x00158d0001a2b3c4" in str(item) for item in discovered["items"])
        online = [httpx.get(f"{base}/s/{s.id}.json", timeout=5).json().get("online") for s in fleet[:3]]
        assert online == [True, True, True]
        assert (tmp_path / "data" / "demo" / f"{fleet[0].id}.pdf").read_bytes().startswith(b"%PDF")
        assert "mqtt://127.0.0.1:" in log.read_text("utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, log.read_text("utf-8", errors="replace")
    assert "demo stopped." in log.read_text("utf-8")


@pytest.mark.parametrize("command", ["demo", "up"])
def test_beside_a_running_registry_it_stops_at_once_with_one_line(tmp_path: Path, command: str) -> None:
    """``make demo`` while ``make run`` serves: no half start, one line saying why and what to do (#21)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTPR_")}
    port = free_port()
    with socket.socket() as running:  # the registry of `make run`, listening
        running.bind(("127.0.0.1", port))
        running.listen()
        started = time.monotonic()
        done = subprocess.run(
            [*DTPR, command, "--port", str(port), "--mqtt-port", str(free_port())],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2 and time.monotonic() - started < 30
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port} is already in use" in lines[0], done.stdout + done.stderr
    assert f"--port {port + 1}" in lines[0] and "starting" not in done.stdout
    assert not (tmp_path / "data").exists()  # nothing started, nothing written
