"""``dtpr sync``: validates first, pushes idempotently, dry-run diff, retire only when asked."""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from dtpr_cli import sync
from tests.e2e.processes import free_port, wait_for_http
from tests.registry.conftest import ADMIN_TOKEN, BASE_URL, sensor_body

ROOT = Path(__file__).resolve().parents[2]


def write_register(path: Path, sensors: list[dict[str, Any]]) -> str:
    path.write_text(yaml.safe_dump({"version": 1, "sensors": sensors}, allow_unicode=True), "utf-8")
    return str(path)


def run_sync(client: TestClient, path: str, *flags: str) -> int:
    parser = argparse.ArgumentParser()
    sync.add_arguments(parser)
    args = parser.parse_args([path, "--registry", BASE_URL, "--token", ADMIN_TOKEN, *flags])
    return sync.run(args, transport=client._transport)


def test_sync_twice_changes_nothing(client: TestClient, tmp_path: Path, capsys) -> None:
    path = write_register(tmp_path / "sensors.yaml", [sensor_body("ANG-S-1"), sensor_body("ANG-S-2")])
    assert run_sync(client, path) == 0
    assert capsys.readouterr().out.strip() == "created=2 updated=0 unchanged=0 retired=0"
    assert run_sync(client, path) == 0
    assert capsys.readouterr().out.strip() == "created=0 updated=0 unchanged=2 retired=0"
    history = client.get("/api/v1/sensors/ANG-S-1/history").json()["items"]
    assert [(item["kind"], item["source"]) for item in history] == [("created", "register")]


def test_dry_run_diff_and_retire_missing(client: TestClient, tmp_path: Path, capsys) -> None:
    path = write_register(tmp_path / "a.yaml", [sensor_body("ANG-S-1"), sensor_body("ANG-S-2")])
    run_sync(client, path)
    capsys.readouterr()
    changed = sensor_body("ANG-S-1", name={"fr": "Renommé"})
    path = write_register(tmp_path / "b.yaml", [changed, sensor_body("ANG-S-3")])
    assert run_sync(client, path, "--dry-run", "--retire-missing") == 0
    assert capsys.readouterr().out.splitlines() == [
        "~ ANG-S-1 (fields: name)",
        "+ ANG-S-3",
        "- ANG-S-2 (retire)",
        "dry run: created=1 updated=1 unchanged=0 retired=1",
    ]
    assert client.get("/api/v1/sensors").json()["total"] == 2, "a dry run changes nothing"
    assert run_sync(client, path) == 0
    assert capsys.readouterr().out.strip() == "created=1 updated=1 unchanged=0 retired=0"
    assert client.get("/api/v1/sensors/ANG-S-2").json()["status"] == "active", "never retired without the flag"
    assert run_sync(client, path, "--retire-missing") == 0
    assert capsys.readouterr().out.strip() == "created=0 updated=0 unchanged=2 retired=1"
    assert client.get("/api/v1/sensors/ANG-S-2").json()["status"] == "retired"


def test_invalid_file_sends_nothing(client: TestClient, tmp_path: Path, capsys) -> None:
    path = write_register(tmp_path / "bad.yaml", [{**sensor_body("ANG-S-1"), "location": {"lat": 999, "lon": 0}}])
    assert run_sync(client, path) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "nothing was sent" in err
    assert client.get("/api/v1/sensors").json()["total"] == 0


def test_unreachable_registry_is_one_line(tmp_path: Path, capsys) -> None:
    path = write_register(tmp_path / "sensors.yaml", [sensor_body("ANG-S-1")])
    parser = argparse.ArgumentParser()
    sync.add_arguments(parser)
    args = parser.parse_args([path, "--registry", f"http://127.0.0.1:{free_port()}", "--token", "x" * 20])
    assert sync.run(args) == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.slow
def test_dtpr_serve_and_sync_as_processes(tmp_path: Path) -> None:
    """The real commands: `dtpr serve` on a free port, `dtpr sync sensors.yaml` twice."""
    port = free_port()
    env = {
        **os.environ,
        "DTPR_DATABASE__URL": f"sqlite:///{tmp_path}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        "DTPR_API__TOKEN": secrets.token_urlsafe(24),
    }
    dtpr = [sys.executable, "-m", "dtpr_cli.main"]
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen([*dtpr, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz")
            outputs = []
            for _ in range(2):
                done = subprocess.run(
                    [*dtpr, "sync", str(ROOT / "sensors.yaml"), "--registry", env["DTPR_PUBLIC__BASE_URL"]],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                assert done.returncode == 0, done.stdout + done.stderr
                outputs.append(done.stdout.strip())
        finally:
            server.terminate()
            server.wait(timeout=10)
    created = int(outputs[0].split()[0].split("=")[1])
    assert created > 0
    assert outputs[1] == f"created=0 updated=0 unchanged={created} retired=0"


def test_serve_refuses_bad_settings_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "DTPR_PUBLIC__BASE_URL": "not a url"}
    done = subprocess.run(
        [sys.executable, "-m", "dtpr_cli.main", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "DTPR_PUBLIC__BASE_URL" in done.stderr and "Traceback" not in done.stderr
