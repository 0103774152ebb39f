"""Signs drawn in worker processes for a server: a crash there costs one answer, never the server (#22)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import date

import pytest

from signage import SignError
from signage.workers import SignRenderFailed, SignWorkers
from tests.signage.conftest import BASE_URL, make_sensor

OPTIONS = {"base_url": BASE_URL, "size": "a6", "langs": ("fr",), "revision": 2, "revision_date": date(2026, 1, 5)}


@pytest.fixture
def workers() -> Iterator[SignWorkers]:
    workers = SignWorkers(1)
    yield workers
    workers.close()


def _worker_pids(workers: SignWorkers) -> list[int]:
    pool = workers._pool
    assert pool is not None
    return list(pool._processes)  # type: ignore[attr-defined]


def test_signs_are_drawn_in_another_process(workers: SignWorkers) -> None:
    assert workers(make_sensor(), OPTIONS, "pdf").startswith(b"%PDF")
    assert workers(make_sensor(), OPTIONS, "png").startswith(b"\x89PNG")
    assert os.getpid() not in _worker_pids(workers)


def test_a_sign_error_in_the_worker_is_the_same_clear_error(workers: SignWorkers) -> None:
    with pytest.raises(SignError, match="cannot draw '市場'"):
        workers(make_sensor(name={"fr": "Capteur 市場", "en": "Sensor"}), OPTIONS, "pdf")


def test_a_worker_that_dies_costs_one_answer(workers: SignWorkers) -> None:
    workers(make_sensor(), OPTIONS, "svg")
    for pid in _worker_pids(workers):
        os.kill(pid, signal.SIGKILL)  # as PDFium's crash did to the whole registry
    time.sleep(0.5)
    with pytest.raises(SignRenderFailed, match="ask again"):
        workers(make_sensor(), OPTIONS, "pdf")
    assert workers(make_sensor(), OPTIONS, "pdf").startswith(b"%PDF"), "a new pool draws the next sign"


SERVER = """
import sys, time
from datetime import date
from signage.workers import SignWorkers
from tests.signage.conftest import make_sensor
from tests.signage.test_workers import OPTIONS
workers = SignWorkers(1)
workers(make_sensor(), OPTIONS, "svg")
print(*workers._pool._processes, flush=True)
time.sleep(60)
"""


def test_the_workers_leave_with_a_killed_server() -> None:
    """A server killed outright (no shutdown) leaves no worker process behind."""
    import subprocess
    import sys

    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    pids = [int(pid) for pid in server.stdout.readline().split()]
    assert pids
    server.kill()
    server.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids), "a worker outlived its server"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
