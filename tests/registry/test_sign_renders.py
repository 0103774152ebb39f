"""``/signs/…``: kept by content, answered 304 on their ETag, drawn a few at a time (issue #22)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor
from registry.app import create_app
from registry.public.sign_renders import ByteCache, matches
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, make_settings


class CountingRenderer:
    """Counts renders; while *gate* is clear, each render waits for it (a slow sign)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, tuple[str, ...]]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Semaphore(0)

    def __call__(self, sensor: Any, options: dict[str, Any], fmt: str) -> bytes:
        self.calls.append((sensor.id, options["size"], options["langs"]))
        self.entered.release()
        assert self.gate.wait(30)
        return f"<svg>{sensor.id} {options['size']} {options['langs']} r{options['revision']}</svg>".encode()


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
def client(tmp_path: Path, renderer: CountingRenderer) -> Iterator[TestClient]:
    settings = make_settings(f"sqlite:///{tmp_path}/signs.db").model_copy(deep=True)
    settings.signs.render_workers, settings.signs.render_queue = 1, 1
    app = create_app(settings, sign_renderer=renderer)
    with session_scope(app.state.engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-AQ-0001"), source="register", actor="test")
    with TestClient(app, base_url=BASE_URL) as client:
        yield client
    app.state.engine.dispose()


def test_a_sign_is_drawn_once_then_kept_and_revalidated(client: TestClient, renderer: CountingRenderer) -> None:
    first = client.get("/signs/ANG-AQ-0001.svg?size=a6")
    again = client.get("/signs/ANG-AQ-0001.svg?size=a6")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and len(renderer.calls) == 1
    etag = first.headers["etag"]
    assert etag == again.headers["etag"] and etag.startswith('"sign-')
    revalidated = client.get("/signs/ANG-AQ-0001.svg?size=a6", headers={"If-None-Match": f'W/"x", {etag}'})
    assert revalidated.status_code == 304 and revalidated.content == b"" and revalidated.headers["etag"] == etag
    assert client.get("/signs/ANG-AQ-0001.svg?size=a6", headers={"If-None-Match": '"other"'}).status_code == 200
    assert len(renderer.calls) == 1


def test_everything_the_sign_shows_is_in_its_etag(client: TestClient, renderer: CountingRenderer) -> None:
    tags = {client.get(path).headers["etag"] for path in (
        "/signs/ANG-AQ-0001.svg?size=a6",
        "/signs/ANG-AQ-0001.svg?size=a5",
        "/signs/ANG-AQ-0001.svg?size=a6&lang=fr,en",
        "/signs/ANG-AQ-0001.pdf?size=a6",
    )}  # fmt: skip
    assert len(tags) == 4 and len(renderer.calls) == 4
    app: Any = client.app
    with session_scope(app.state.engine) as session:
        changed = make_sensor("ANG-AQ-0001", name={"fr": "Nouveau nom", "en": "New name"})
        upsert_sensor(session, sensor=changed, source="register", actor="test")
    after = client.get("/signs/ANG-AQ-0001.svg?size=a6")
    assert after.headers["etag"] not in tags and b"r2" in after.content, "a new revision is a new sign"


def _get_in_thread(client: TestClient, path: str, answers: list[Any]) -> threading.Thread:
    thread = threading.Thread(target=lambda: answers.append(client.get(path)))
    thread.start()
    return thread


def test_signs_beyond_the_queue_get_503_with_retry_after(client: TestClient, renderer: CountingRenderer) -> None:
    renderer.gate.clear()
    answers: list[Any] = []
    drawing = _get_in_thread(client, "/signs/ANG-AQ-0001.png?size=a4", answers)
    assert renderer.entered.acquire(timeout=10), "the first sign is being drawn"
    queued = _get_in_thread(client, "/signs/ANG-AQ-0001.png?size=a5", answers)
    same = _get_in_thread(client, "/signs/ANG-AQ-0001.png?size=a4", answers)  # joins the first render
    time.sleep(0.5)
    refused = client.get("/signs/ANG-AQ-0001.png?size=a6")
    assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
    assert refused.json()["ok"] is False and "ask again" in refused.json()["error"]
    assert client.get("/s/ANG-AQ-0001").status_code == 200, "the pages still answer"
    renderer.gate.set()
    for thread in (drawing, queued, same):
        thread.join(30)
    assert sorted(answer.status_code for answer in answers) == [200, 200, 200]
    assert [call[1] for call in renderer.calls] == ["a4", "a5"], "the same sign asked twice is drawn once"


def test_a_sign_that_cannot_be_printed_is_a_clear_error(tmp_path: Path) -> None:
    from dtpr_core.errors import DtprError

    def refusing(sensor: Any, options: dict[str, Any], fmt: str) -> bytes:
        raise DtprError(f"sensor {sensor.id}: cannot print its sign: no purpose")

    app = create_app(make_settings(f"sqlite:///{tmp_path}/bad.db"), sign_renderer=refusing)
    with session_scope(app.state.engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-AQ-0001"), source="register", actor="test")
    with TestClient(app, base_url=BASE_URL) as client:
        answer = client.get("/signs/ANG-AQ-0001.pdf")
        assert answer.status_code == 400 and "no purpose" in answer.json()["error"]
        assert client.get("/signs/ANG-NOPE-0001.pdf").status_code == 404


def test_the_cache_is_bounded_by_bytes() -> None:
    cache = ByteCache(1000)
    for index in range(20):
        cache.put(str(index), bytes(100))
    assert cache.size <= 1000 and len(cache) == 10 and cache.get("19") is not None and cache.get("0") is None
    cache.put("big", bytes(600))
    assert cache.get("big") is None, "one sign never pushes out most of the others"


def test_if_none_match_lists_and_stars() -> None:
    assert matches('"a", "b"', '"b"') and matches("*", '"b"') and matches('W/"b"', '"b"')
    assert not matches(None, '"b"') and not matches('"a"', '"b"')
