"""``dtpr up`` on a fresh folder: a first admin is made and said once; its password signs in."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.processes import DTPR, free_port, stop, wait_for_http
from tests.e2e.test_demo import _wait_for_line

pytestmark = [pytest.mark.slow]


def run_up(folder: Path, log: Path, *options: str, umask: int | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTPR_")}
    start = (lambda: os.umask(umask)) if umask is not None else None  # noqa: E731  (as the shell that starts it)
    port, mqtt_port = free_port(), free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*DTPR, "up", "--port", str(port), "--mqtt-port", str(mqtt_port), *options],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=start,  # noqa: PLW1509
        )
    process.base_url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    return process


def test_dtpr_up_makes_a_first_admin_and_says_it_once(tmp_path: Path) -> None:
    shutil.copy(ROOT / "sensors.yaml", tmp_path / "sensors.yaml")
    first = run_up(tmp_path, tmp_path / "first.log")
    try:
        wait_for_http(f"{first.base_url}/healthz", timeout=60)  # type: ignore[attr-defined]
        _wait_for_line(tmp_path / "first.log", "Press Ctrl-C", first)
        printed = (tmp_path / "first.log").read_text("utf-8")
        note = (tmp_path / "data" / "staff-admin.txt").read_text("utf-8")
        assert note in printed and "/staff/login" in note
        assert (tmp_path / "data" / "staff-admin.txt").stat().st_mode & 0o077 == 0
        email = re.search(r"e-mail\s+(\S+)", note).group(1)  # type: ignore[union-attr]
        password = re.search(r"password\s+(\S+)", note).group(1)  # type: ignore[union-attr]
        with httpx.Client(base_url=first.base_url) as browser:  # type: ignore[attr-defined]
            form = browser.get("/staff/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
            done = browser.post("/staff/login", data={"csrf": csrf, "email": email, "password": password})
            assert done.status_code == 303 and done.headers["location"] == "/staff/"
            assert "Tableau de bord" in browser.get("/staff/").text
    finally:
        stop(first, timeout=20)
    again = run_up(tmp_path, tmp_path / "again.log")
    try:
        _wait_for_line(tmp_path / "again.log", "Press Ctrl-C", again)
        second = (tmp_path / "again.log").read_text("utf-8")
        assert password not in second and "staff-admin.txt" in second  # said once; then where to look
    finally:
        stop(again, timeout=20)


def test_dtpr_up_keeps_its_data_folder_private(tmp_path: Path) -> None:
    """Under umask 022, a database left readable by all (0644) and every new file: 0700 folders, 0600 files."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    sqlite3.connect(data / "dtpr.sqlite3").close()  # an earlier installation's file
    (data / "dtpr.sqlite3").chmod(0o644)
    old_job = data / "print-jobs" / "0123456789abcdef"
    old_job.mkdir(parents=True, mode=0o755)
    (old_job / "panneaux.pdf").write_bytes(b"%PDF-1.7 a print file")
    (old_job / "panneaux.pdf").chmod(0o644)
    started = run_up(tmp_path, tmp_path / "up.log", "--register", "", umask=0o022)
    try:
        wait_for_http(f"{started.base_url}/healthz", timeout=60)  # type: ignore[attr-defined]
        _wait_for_line(tmp_path / "up.log", "Press Ctrl-C", started)
        modes = {str(path.relative_to(tmp_path)): path.stat().st_mode & 0o777 for path in [data, *data.rglob("*")]}
    finally:
        stop(started, timeout=20)
    assert {"data/dtpr.sqlite3", "data/dtpr.sqlite3-wal", "data/admin-token", "data/staff-admin.txt"} <= set(modes)
    for name, mode in modes.items():
        assert mode & 0o077 == 0, (name, oct(mode))
    assert modes["data"] == modes["data/print-jobs/0123456789abcdef"] == 0o700
    assert modes["data/dtpr.sqlite3"] == modes["data/print-jobs/0123456789abcdef/panneaux.pdf"] == 0o600
