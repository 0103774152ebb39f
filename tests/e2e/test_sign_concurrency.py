"""16 clients asking for PNG and PDF signs at once from a real ``dtpr serve`` (issue #22).

Before: 65 of 411 answers were 500 (icon drawings shared between threads), 58 connections
dropped, and once the process died in PDFium. Now every answer is a sign, the pages keep
answering, and the process lives on.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.e2e.processes import DTPR, dtpr_process, free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 16
SENSORS = ("ANG-AQ-0001", "ANG-VID-0001")


def _paths() -> list[str]:
    return [
        f"/signs/{sensor}.{fmt}?size={size}&lang={lang}"
        for sensor in SENSORS
        for fmt in ("png", "pdf")
        for size in ("a6", "a5")
        for lang in ("fr", "fr,en")
    ]


def _client(base_url: str, paths: list[str]) -> list[str]:
    """Each answer as ``200 png`` / ``200 pdf`` / ``503`` / the error met."""
    seen = []
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for path in paths:
            try:
                answer = client.get(path)
            except httpx.HTTPError as error:
                seen.append(f"dropped: {type(error).__name__}")
                continue
            magic = {b"\x89PNG": "png", b"%PDF": "pdf"}.get(answer.content[:4], "?")
            seen.append(f"{answer.status_code} {magic}" if answer.status_code == 200 else str(answer.status_code))
    return seen


def test_sixteen_clients_get_their_signs_and_the_registry_lives(tmp_path: Path) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp_path}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": base_url,
        "DTPR_API__TOKEN": secrets.token_urlsafe(24),
    }
    with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "serve.log") as serve:
        wait_for_http(f"{base_url}/healthz")
        sync = subprocess.run(
            [*DTPR, "sync", str(ROOT / "sensors.yaml"), "--registry", base_url],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert sync.returncode == 0, sync.stdout + sync.stderr
        paths = _paths()
        plans = [[paths[(client + step) % len(paths)] for step in range(4)] for client in range(CLIENTS)]
        with ThreadPoolExecutor(CLIENTS) as pool:
            during = pool.submit(httpx.get, f"{base_url}/s/ANG-AQ-0001", timeout=60)
            answers = Counter(seen for found in pool.map(lambda plan: _client(base_url, plan), plans) for seen in found)
            page = during.result()
        log = (tmp_path / "serve.log").read_text(errors="replace")
        assert set(answers) <= {"200 png", "200 pdf"}, f"{answers}\n{log[-3000:]}"
        assert sum(answers.values()) == CLIENTS * 4
        assert page.status_code == 200, "the page answered while signs were drawn"
        assert serve.poll() is None, "the registry process is alive"
        assert httpx.get(f"{base_url}/healthz", timeout=10).status_code == 200
        assert "Traceback" not in log
