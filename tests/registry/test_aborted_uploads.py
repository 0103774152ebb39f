"""Request bodies against a real ``dtpr serve``: a client that hangs up mid-body is a quiet line, not a
traceback nor a 500; a client that trickles its body is cut off (408) once the read timeout passes."""

from __future__ import annotations

import os
import secrets
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import dtpr_process, free_port, wait_for_http
from tests.registry.conftest import sensor_body

pytestmark = pytest.mark.slow

FORM = "application/x-www-form-urlencoded"


def head(path: str, length: int, content_type: str = FORM) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def hang_up(port: int, path: str, content_type: str = FORM) -> None:
    """Headers announcing 5,000 bytes, a few of them, then the connection closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(head(path, 5000, content_type) + b"message=hello+th")
        time.sleep(0.05)


def trickle(port: int, path: str) -> tuple[bytes, float]:
    """One byte every 0.25 s; what the server answered and when it closed the connection."""
    started = time.monotonic()
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head(path, 100))
        connection.settimeout(0.25)
        for _ in range(40):
            try:
                connection.sendall(b"m")
                chunk = connection.recv(4096)
            except TimeoutError:
                continue
            except OSError:  # reset once the server closed
                break
            if not chunk:
                break
            answer += chunk
    return answer, time.monotonic() - started


def test_aborted_and_trickled_bodies_are_handled_quietly(tmp_path: Path) -> None:
    port, token = free_port(), secrets.token_urlsafe(24)
    base = f"http://127.0.0.1:{port}"
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp_path}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": base,
        "DTPR_API__TOKEN": token,
        "DTPR_API__BODY_READ_SECONDS": "2",
        "DTPR_SIGNS__JOB_DIR": str(tmp_path / "print-jobs"),
    }
    log = tmp_path / "serve.log"
    with dtpr_process(["serve", "--port", str(port)], {**os.environ, **env}, log):
        wait_for_http(f"{base}/healthz")
        headers = {"Authorization": f"Bearer {token}"}
        put = httpx.put(f"{base}/api/v1/sensors/ANG-AQ-0002", json=sensor_body("ANG-AQ-0002"), headers=headers)
        assert put.is_success, put.text
        for _ in range(5):
            hang_up(port, "/s/ANG-AQ-0002/feedback")
            hang_up(port, "/api/v1/sensors/ANG-AQ-0002/feedback", "application/json")
            hang_up(port, "/staff/login")
        answer, seconds = trickle(port, "/s/ANG-AQ-0002/feedback")
        assert httpx.get(f"{base}/healthz").status_code == 200
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert seconds < 6, f"the connection stayed open {seconds:.1f} s"
    text = log.read_text("utf-8", "replace")
    assert "Traceback" not in text and "ClientDisconnect" not in text and "internal error" not in text, text[-3000:]
    assert len(text) < 2000, f"{len(text)} bytes of log for 15 aborted requests"
