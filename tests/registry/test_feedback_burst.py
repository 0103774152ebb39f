"""A burst on the public feedback form must not freeze the registry (issue #11, point 1).

Against a real ``dtpr serve`` (uvicorn, as deployed): fifty clients post at once while
``/healthz`` and a sensor page are polled; every answer is 303 or 429 (never a 5xx),
the accepted messages are stored, and the registry keeps answering in its usual time.
The structural test keeps the cause away: no ``async`` route may hold a database session
(sync database work in a coroutine blocks the event loop, and with it every request); the
next one checks what such routes and the error handlers do read goes to a worker thread.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import secrets
import statistics
import subprocess
import sys
import time
import typing
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import event, func
from sqlmodel import Session, select
from starlette.routing import BaseRoute

from dtpr_store.db import make_engine
from dtpr_store.tables import FeedbackRow
from tests.e2e.processes import dtpr_process, free_port, wait_for_http
from tests.registry.conftest import ADMIN_TOKEN, BASE_URL, sensor_body

ROOT = Path(__file__).resolve().parents[2]
CLIENTS, POSTS = 50, 200


def _holds_a_session(endpoint: typing.Callable[..., object]) -> bool:
    hints = typing.get_type_hints(endpoint, include_extras=True)
    for hint in hints.values():
        for part in (hint, *typing.get_args(hint)):
            if part is Session:
                return True
    return False


def _routes(routes: typing.Iterable[BaseRoute]) -> typing.Iterator[BaseRoute]:
    """Every route, those of included routers too (FastAPI keeps an included router as one entry)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _routes(included.routes) if included is not None else (route,)


def test_no_async_route_holds_a_database_session(app: FastAPI) -> None:
    routes = list(_routes(app.routes))
    assert {"/s/{sensor_id:sensor_id}/feedback", "/s/{sensor_id:sensor_id}/helpful"} <= {
        getattr(route, "path", "") for route in routes
    }
    offenders = [
        route.path
        for route in routes
        if isinstance(route, APIRoute)
        and inspect.iscoroutinefunction(route.endpoint)
        and _holds_a_session(route.endpoint)
    ]
    assert offenders == [], f"async routes doing sync database work on the event loop: {offenders}"


def test_no_database_read_on_the_event_loop(app: FastAPI) -> None:
    """The city's contact on "not found" (from an async route and from an error handler), a vote's sensor."""
    on_loop: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a worker thread: fine
            return
        on_loop.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", record)
    html, origin = {"accept": "text/html"}, {"origin": BASE_URL}
    with TestClient(app, base_url=BASE_URL) as client:
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        assert client.put("/api/v1/sensors/ANG-AQ-0002", json=sensor_body("ANG-AQ-0002"), headers=admin).is_success
        missing = client.get("/s/NOPE-0001", headers=html)  # the async sensor page
        assert missing.status_code == 404 and "contact@example.org" in missing.text
        app.state.page_cache.city_contact.clear()  # the next "not found" reads it again
        missing = client.get("/s/NOPE-0001/nothing", headers=html)  # no route: the error handler
        assert missing.status_code == 404 and "contact@example.org" in missing.text
        app.state.page_cache.city_contact.clear()
        assert client.post("/s/NOPE-0001/helpful", data={"helpful": "yes"}, headers=origin).status_code == 404
        voted = client.post("/s/ANG-AQ-0002/helpful", data={"helpful": "yes"}, headers=origin, follow_redirects=False)
        assert voted.status_code == 303
    assert on_loop == [], f"database reads on the event loop: {on_loop}"


def _burst(base: str) -> tuple[list[int], list[float], list[int]]:
    """The posts from a process of their own, while this one polls ``/healthz`` and the sensor page."""
    health: list[float] = []
    pages: list[int] = []
    command = [sys.executable, "-m", "tests.registry.burst_client", base, "ANG-AQ-0002", str(CLIENTS), str(POSTS)]
    with httpx.Client(base_url=base, timeout=60) as client:
        burst = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        while burst.poll() is None:
            started = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            health.append(time.perf_counter() - started)
            pages.append(client.get("/s/ANG-AQ-0002").status_code)
            time.sleep(0.05)
        output, _ = burst.communicate()
    assert burst.returncode == 0
    return [int(line) for line in output.split()], health, pages


@pytest.mark.slow
@pytest.mark.parametrize("per_minute", [5, 1000], ids=["rate-limited", "all-accepted"])
def test_a_feedback_burst_leaves_the_registry_answering(database_url: str, tmp_path: Path, per_minute: int) -> None:
    port, token = free_port(), secrets.token_urlsafe(24)
    base = f"http://127.0.0.1:{port}"
    env = {
        "DTPR_DATABASE__URL": database_url,
        "DTPR_PUBLIC__BASE_URL": base,
        "DTPR_API__TOKEN": token,
        "DTPR_API__FEEDBACK_PER_MINUTE": str(per_minute),
        "DTPR_LOG__LEVEL": "WARNING",
    }
    with dtpr_process(["serve", "--port", str(port)], {**os.environ, **env}, tmp_path / "serve.log"):
        wait_for_http(f"{base}/healthz")
        put = httpx.put(
            f"{base}/api/v1/sensors/ANG-AQ-0002",
            json=sensor_body("ANG-AQ-0002"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert put.status_code in (200, 201), put.text
        quiet = [httpx.get(f"{base}/healthz", timeout=5).elapsed.total_seconds() for _ in range(5)]
        statuses, health, pages = _burst(base)
    accepted = statuses.count(303)
    assert len(statuses) == POSTS and set(statuses) <= {303, 429}, sorted(set(statuses))
    assert accepted == min(per_minute, POSTS)
    assert set(pages) == {200}, "the sensor page failed during the burst"
    slowest = (
        f"/healthz took up to {max(health):.2f} s, median {statistics.median(health):.3f} s (quiet: {max(quiet):.3f} s)"
    )
    assert len(health) >= 3 and max(health) < 2.0 and statistics.median(health) < 0.5, slowest
    engine = make_engine(database_url)
    with Session(engine) as session:
        stored = session.exec(select(func.count()).select_from(FeedbackRow)).one()
    engine.dispose()
    assert stored == accepted, "every accepted message is stored, and only those"
    print(
        f"healthz during the burst: median {statistics.median(health) * 1000:.0f} ms, max {max(health) * 1000:.0f} ms"
    )
