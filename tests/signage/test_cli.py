"""``dtpr signs build|status`` from a register file, and the registry adapter against a fake server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from dtpr_cli.main import main
from signage.sources import fetch_sensors_from_registry, post_printed
from tests.signage.conftest import BASE_URL, sensor_data


def write_register(path: Path, *sensors: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump({"version": 1, "sensors": list(sensors)}, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def register(tmp_path: Path) -> Path:
    other = sensor_data("identifiable", id="ANG-VID-0001")
    other["location"] = {**other["location"], "zone": "Gare"}
    return write_register(tmp_path / "sensors.yaml", sensor_data(), other)


def build(register: Path, out: Path, *extra: str) -> int:
    return main(["signs", "build", "--register", str(register), "--out", str(out), "--base-url", BASE_URL, *extra])


def test_build_a_zone_then_nothing_changed(register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert build(register, out, "--zone", "centre", "--format", "svg") == 0
    assert sorted(p.name for p in out.iterdir()) == ["ANG-TEST-0001-a5.svg", "printed.json"]
    record = json.loads((out / "printed.json").read_text())
    assert record["signs"]["ANG-TEST-0001"]["format"] == "svg"
    assert build(register, out, "--changed", "--zone", "centre") == 0
    assert "no sign to print" in capsys.readouterr().err


def test_changed_and_status_follow_the_datachain(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(register, out, "--all", "--sheet", "a4", "--size", "a6", "--lang", "fr,en") == 0
    assert len(list(out.glob("signs-*-a6-on-a4.pdf"))) == 1
    changed = sensor_data()
    changed["datachain"]["purpose"] = ["ecology"]
    write_register(register, changed, sensor_data("identifiable", id="ANG-VID-0001"))
    capsys.readouterr()
    assert main(["signs", "status", "--register", str(register), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["ANG-TEST-0001", "ANG-VID-0001"]
    assert "changed since printed" in lines[0]
    assert build(register, out, "--changed", "--format", "png", "--dpi", "72") == 0
    assert {p.name for p in out.glob("*.png")} == {"ANG-TEST-0001-a5.png", "ANG-VID-0001-a5.png"}


def test_errors_are_one_line_with_the_right_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(tmp_path / "missing.yaml", tmp_path, "--all") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "--register" in err
    register = write_register(tmp_path / "sensors.yaml", sensor_data())
    assert build(register, tmp_path, "--size", "a5") == 2
    assert build(register, tmp_path, "--sensor", "NOPE") == 1
    assert build(register, tmp_path, "--all", "--sheet", "a4", "--format", "svg") == 2


class FakeRegistry(BaseHTTPRequestHandler):
    printed: list[Any] = []

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.headers.get("Authorization") != "Bearer secret":
            self._send(401, {"error": "unauthorised"})
        elif self.path == "/api/v1/sensors":
            self._send(200, {"items": [{"id": "ANG-TEST-0001", "revision": 4, "zone": "Centre", "commune": "Angers"}]})
        elif self.path == "/api/v1/sensors/ANG-TEST-0001":
            self._send(200, {"sensor": sensor_data(), "revision": 4, "updated_at": "2025-03-01T10:00:00Z"})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        FakeRegistry.printed.append(json.loads(self.rfile.read(length)))
        self._send(201, {"ok": True})

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def registry_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeRegistry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_registry_adapter_reads_sensors_with_their_revision(registry_url: str) -> None:
    [item] = fetch_sensors_from_registry(registry_url, "secret")
    assert item.sensor.id == "ANG-TEST-0001" and item.revision == 4 and str(item.updated_on) == "2025-03-01"
    assert post_printed(registry_url, "secret", [{"sensor_id": "ANG-TEST-0001", "revision": 4}])


def test_build_from_the_registry_records_the_revision(registry_url: str, tmp_path: Path) -> None:
    FakeRegistry.printed.clear()
    argv = ["signs", "build", "--registry", registry_url, "--token", "secret", "--all", "--out", str(tmp_path)]
    assert main([*argv, "--base-url", BASE_URL]) == 0
    assert json.loads((tmp_path / "printed.json").read_text())["signs"]["ANG-TEST-0001"]["revision"] == 4
    assert FakeRegistry.printed == [
        {"items": [{"sensor_id": "ANG-TEST-0001", "revision": 4, "format": "pdf", "size": "a5"}]}
    ]
    assert main(["signs", "build", "--registry", registry_url, "--all", "--out", str(tmp_path)]) == 1
