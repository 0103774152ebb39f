"""Benchmark: the public sensor page /s/{id} against a bare hello-world route of the same server.

    python -m bench.registry_pages [--sensors 100000] [--seconds 5] [--backend sqlite|postgres|both]
                                   [--distinct-addresses]

For each database (both by default, SQLite first): 100,000 sensors are bulk-inserted (straight
SQL inserts of the rows the register sync would write; one datachain, and with
``--distinct-addresses`` each sensor at its own address), ``uvicorn`` serves ``create_app`` in a
subprocess with ONE worker (the options ``dtpr serve`` uses) plus an ``async``
``/__bench/hello`` route (bench only, the same middleware, tried before every other route),
and ``wrk`` (installed with ``apt-get install wrk`` when missing, see ``bench/generator.py``;
else an httpx load generator that bounds both figures: then no ratio is printed) loads random sensor pages with 16
concurrent connections, then hello, five times over; the round with the median page/hello
ratio is reported. Goal: page req/s >= 55% of hello, p99 < 50 ms.
One ``RESULT registry_page_rps=… ceiling=<hello req/s> ratio=… p99_ms=… hello_p99_ms=…
errors=… db=… addresses=…`` line per database at the end: the last line is PostgreSQL's
with ``--backend both``.
PostgreSQL: $DTPR_TEST_POSTGRES_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test
(a dedicated database is created and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, text

from bench.generator import REFUSAL, ensure_wrk, ratio_text
from dtpr_core.datachain import personal_data
from dtpr_core.register import read_sensor_data, sensor_to_data
from dtpr_store.db import make_engine, migrate
from dtpr_store.tables import RevisionRow, SensorRow

POSTGRES_URL = os.environ.get("DTPR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CONCURRENCY = 16
ROUNDS = 5  # this shared machine swings ±0.05 between rounds: the median of five is steadier
TOKEN = "bench-token-0123456789abcdef"


def sensor_id(index: int) -> str:
    return f"ANG-BENCH-{index:06d}"


def template() -> dict[str, object]:
    data = {
        "id": "ANG-BENCH-000000",
        "name": {"fr": "Qualité de l'air — banc d'essai", "en": "Air quality — benchmark"},
        "description": {"fr": "Mesure les particules fines.", "en": "Measures fine particles."},
        "location": {
            "lat": 47.47,
            "lon": -0.55,
            "address": "Place du Ralliement",
            "commune": "Angers",
            "zone": "Centre",
        },
        "status": "active",
        "installed_on": "2024-03-12",
        "accountable": [
            {
                "key": "alm",
                "name": {"fr": "Angers Loire Métropole"},
                "kind": "institution",
                "contact": {"email": "contact@example.org", "url": "https://www.angersloiremetropole.fr"},
            }
        ],
        "datachain": {
            "purpose": ["health", "ecology"],
            "tech": ["air_quality"],
            "data": ["values_time"],
            "process": ["aggregated"],
            "access": ["available_to_download"],
            "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "5 ans", "en": "5 years"}}}],
            "storage": ["stored_locally"],
        },
    }
    return data


def fill(url: str, count: int, *, distinct: bool = False) -> None:
    """*count* declared sensors (and their first revision) in bulk, as the register sync writes them.

    *distinct*: each sensor at its own street address, so no two stored sensors are equal
    (only their datachain is shared, as in a real city); else they differ by their id only
    and the page parses the stored sensor once for all (``PageCache`` in ``registry.pages.caches``, one per app).
    """
    engine = make_engine(url)
    migrate(engine)
    sensor, problems = read_sensor_data(template())
    assert sensor is not None, problems
    base = sensor_to_data(sensor)
    level = personal_data(sensor)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with engine.begin() as connection:
        for start in range(0, count, 5000):
            sensors, revisions = [], []
            for index in range(start, min(count, start + 5000)):
                data = {**base, "id": sensor_id(index)}
                if distinct:
                    data["location"] = {**base["location"], "address": f"{index + 1} place du Ralliement"}
                sensors.append(
                    {
                        "id": data["id"],
                        "declared": True,
                        "data": data,
                        "revision": 1,
                        "status": "active",
                        "name_fr": base["name"]["fr"],
                        "commune": "Angers",
                        "zone": "Centre",
                        "lat": 47.47,
                        "lon": -0.55,
                        "personal_data": level,
                        "purposes": "health ecology",
                        "techs": "air_quality",
                        "history_seq": 1,
                        "created_at": now,
                        "updated_at": now,
                        "declared_at": now,
                    }
                )
                revisions.append(
                    {
                        "sensor_id": data["id"],
                        "seq": 1,
                        "at": now,
                        "source": "register",
                        "actor": "bench",
                        "kind": "created",
                        "datachain_revision": 1,
                        "change": [],
                        "snapshot": None,
                    }
                )
            connection.execute(insert(SensorRow.__table__), sensors)  # type: ignore[attr-defined]
            connection.execute(insert(RevisionRow.__table__), revisions)  # type: ignore[attr-defined]
    engine.dispose()
    print(f"  {count} sensors inserted in {time.perf_counter() - started:.1f} s", flush=True)


def serve(url: str, port: int) -> None:
    """Run in the server subprocess: the real app plus a bare hello route, one uvicorn worker."""
    import uvicorn
    from fastapi.responses import PlainTextResponse

    from dtpr_core.settings import Settings
    from registry.app import create_app

    settings = Settings(database={"url": url}, public={"base_url": f"http://127.0.0.1:{port}"}, api={"token": TOKEN})
    app = create_app(settings)

    @app.get("/__bench/hello", include_in_schema=False)
    async def hello() -> PlainTextResponse:  # async: the server's real ceiling, no thread-pool hop
        return PlainTextResponse("hello")

    app.router.routes.insert(0, app.router.routes.pop())  # first in line: no route is cheaper to reach

    uvicorn.run(app, host="127.0.0.1", port=port, workers=1, log_level="warning", access_log=False)


@contextmanager
def server(url: str) -> Iterator[str]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "bench.registry_pages", "--serve", url, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


WRK_SCRIPT = """
local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end
function init(args)
  -- each wrk thread its own sequence: the same seed would ask for the same ids twice
  math.randomseed(os.time() * 64 + thread_number)
end
request = function()
  if PATH_FORMAT == "" then return wrk.format("GET", "/__bench/hello") end
  return wrk.format("GET", string.format(PATH_FORMAT, math.random(0, COUNT - 1)))
end
"""


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_wrk(base: str, path_format: str, count: int, seconds: int) -> tuple[float, float, int]:
    script = WRK_SCRIPT.replace("PATH_FORMAT", json.dumps(path_format)).replace("COUNT", str(count))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds}s", "--latency", "-s", handle.name, base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(handle.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(errors.group(1)) if errors else 0


async def _load_httpx(base: str, path_format: str, count: int, seconds: int) -> tuple[float, float, int]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                path = path_format % random.randrange(count) if path_format else "/__bench/hello"
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code >= 400

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return len(latencies) / elapsed, latencies[int(len(latencies) * 0.99) - 1] * 1000, errors


def load(base: str, path_format: str, count: int, seconds: int) -> tuple[float, float, int]:
    if shutil.which("wrk"):
        return load_wrk(base, path_format, count, seconds)
    return asyncio.run(_load_httpx(base, path_format, count, seconds))


def bench(backend: str, url: str, count: int, seconds: int, route: str, distinct: bool) -> str:
    print(f"[{backend}] filling {url.split('@')[-1]}", flush=True)
    fill(url, count, distinct=distinct)
    with server(url) as base:
        probe = httpx.get(base + route.replace("{id}", sensor_id(0)), timeout=10)
        if probe.status_code != 200:
            raise SystemExit(f"{route} answered {probe.status_code}: {probe.text[:200]}")
        path_format = route.replace("{id}", "ANG-BENCH-%06d")
        load(base, path_format, count, 2)  # warm-up
        rounds = []  # page then hello, ROUNDS times: a slow spell of the machine hits both alike
        for _ in range(ROUNDS):
            rounds.append((load(base, path_format, count, seconds), load(base, "", count, seconds)))
    rounds.sort(key=lambda pair: pair[0][0] / pair[1][0])
    (page_rps, page_p99, _), (hello_rps, hello_p99, _) = rounds[len(rounds) // 2]  # the median ratio's round
    page_errors = sum(page[2] for page, _ in rounds)
    ratio = ratio_text(page_rps, hello_rps)
    if ratio == "refused":
        print(f"[{backend}] {REFUSAL}")
    else:
        print(f"[{backend}] ratio per round: {' '.join(f'{p[0] / h[0]:.2f}' for p, h in rounds)} (median kept)")
    tool = "wrk" if shutil.which("wrk") else "httpx"
    print(
        f"[{backend}] {route}: {page_rps:.0f} req/s, p99 {page_p99:.1f} ms, errors {page_errors} ({tool}, {CONCURRENCY} connections, 1 uvicorn worker)"
    )
    print(f"[{backend}] /__bench/hello: {hello_rps:.0f} req/s, p99 {hello_p99:.1f} ms")
    print(f"[{backend}] page_p99_ms={page_p99:.1f} hello_p99_ms={hello_p99:.1f} goal: ratio>=0.55 p99<50ms", flush=True)
    return (
        f"RESULT registry_page_rps={page_rps:.0f} ceiling={hello_rps:.0f} ratio={ratio}"
        f" p99_ms={page_p99:.1f} hello_p99_ms={hello_p99:.1f} errors={page_errors} db={backend}"
        f" addresses={'distinct' if distinct else 'shared'}"
    )


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"dtpr_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sensors", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5, help="of each of the 5 page and 5 hello runs")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--route", default="/s/{id}", help="page route to load ({id} = a random sensor)")
    parser.add_argument(
        "--distinct-addresses", action="store_true", help="each sensor its own address (no two stored sensors equal)"
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port)
        return 0
    ensure_wrk()
    results = []
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(
                bench(
                    "sqlite",
                    f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                    args.sensors,
                    args.seconds,
                    args.route,
                    args.distinct_addresses,
                )
            )
    if args.backend in ("postgres", "both"):
        with postgres_database() as url:
            results.append(bench("postgres", url, args.sensors, args.seconds, args.route, args.distinct_addresses))
    for line in results:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
