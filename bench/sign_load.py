"""Benchmark: the public sensor page's latency while 16 clients fetch sign PNGs (issue #22).

    python -m bench.sign_load [--seconds 20] [--cache]

A real ``dtpr serve`` (one uvicorn worker, signs drawn by ``DTPR_SIGNS__RENDER_WORKERS``
worker processes, default 1) on SQLite with the shipped ``sensors.yaml`` synced. One client
asks for random sensor pages one after the other, first alone (the ceiling: the page's p50
without load), then while 16 other clients (in a separate process, so they take no CPU
from the measuring one's interpreter) fetch sign PNGs in a loop. Without ``--cache`` the
sign cache is off (``DTPR_SIGNS__RENDER_CACHE_MB=0``): every PNG is drawn, the worst case.
Goal: the page's p50 under load < 20 ms. Ends with one line
``RESULT page_p50_under_signs_ms=… ceiling=<p50 without load> ratio=… p99_ms=… signs=… busy=… errors=…``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DTPR = [sys.executable, "-m", "dtpr_cli.main"]
CLIENTS = 16
HTML = {"Accept": "text/html"}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sensor_ids() -> list[str]:
    from dtpr_core import load_register_file

    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None
    return [sensor.id for sensor in register.sensors]


def page_latencies(base_url: str, ids: list[str], seconds: float) -> list[float]:
    """Milliseconds per sensor page, one request after the other, for *seconds*."""
    found = []
    with httpx.Client(base_url=base_url, headers=HTML, timeout=30) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            answer = client.get(f"/s/{random.choice(ids)}")
            found.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.status_code
    return found


def sign_load(base_url: str, seconds: float) -> dict[str, int]:
    """16 clients fetching PNG signs for *seconds* (run in its own process): counts by outcome."""
    ids, counts, lock = sensor_ids(), {"signs": 0, "busy": 0, "errors": 0}, threading.Lock()
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        with httpx.Client(base_url=base_url, timeout=120) as http:
            while time.monotonic() < deadline:
                size, lang = rng.choice(("a6", "a5", "a4")), rng.choice(("fr", "fr,en"))
                try:
                    answer = http.get(f"/signs/{rng.choice(ids)}.png?size={size}&lang={lang}")
                    kind = {200: "signs", 503: "busy"}.get(answer.status_code, "errors")
                except httpx.HTTPError:
                    kind = "errors"
                if kind == "busy":
                    time.sleep(float(answer.headers.get("retry-after", "1")))
                with lock:
                    counts[kind] += 1

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


def percentile(values: list[float], fraction: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * fraction))]


def run(seconds: float, cache: bool) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
            "DTPR_PUBLIC__BASE_URL": base_url,
            "DTPR_API__TOKEN": "bench-token-0123456789abcdef",
            "DTPR_SIGNS__RENDER_CACHE_MB": "64" if cache else "0",
        }
        log = Path(tmp) / "serve.log"
        with log.open("wb") as out:
            serve = subprocess.Popen([*DTPR, "serve", "--port", str(port)], env=env, stdout=out, stderr=out)
            try:
                measure(base_url, env, seconds)
            finally:
                serve.terminate()
                serve.wait(30)


def measure(base_url: str, env: dict[str, str], seconds: float) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    sync = [*DTPR, "sync", str(ROOT / "sensors.yaml"), "--registry", base_url]
    subprocess.run(sync, env=env, check=True, capture_output=True, timeout=300)
    ids = sensor_ids()
    httpx.get(f"{base_url}/signs/{ids[0]}.png?size=a6", timeout=120)  # the worker process started
    alone = page_latencies(base_url, ids, seconds)
    load = subprocess.Popen(
        [sys.executable, "-m", "bench.sign_load", "--load", base_url, "--seconds", str(seconds + 4)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    time.sleep(2)  # the 16 clients are at work
    loaded = page_latencies(base_url, ids, seconds)
    out, _ = load.communicate(timeout=seconds + 300)
    counts = json.loads(out.decode().strip().splitlines()[-1])
    p50_alone, p50 = statistics.median(alone), statistics.median(loaded)
    print(f"sensor page alone: p50 {p50_alone:.2f} ms, p99 {percentile(alone, 0.99):.2f} ms ({len(alone)} pages)")
    print(
        f"sensor page while {CLIENTS} clients fetch PNG signs: p50 {p50:.2f} ms, p99 {percentile(loaded, 0.99):.2f} ms"
    )
    print(f"signs: {counts['signs']} served, {counts['busy']} answered 503 (Retry-After), {counts['errors']} errors")
    print(
        f"RESULT page_p50_under_signs_ms={p50:.2f} ceiling={p50_alone:.2f} ratio={p50 / p50_alone:.2f} "
        f"p99_ms={percentile(loaded, 0.99):.2f} goal_p50_ms=20 signs={counts['signs']} busy={counts['busy']} "
        f"errors={counts['errors']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--cache", action="store_true", help="keep the sign cache on (default: off, worst case)")
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)  # the 16 clients' own process
    args = parser.parse_args()
    if args.load:
        print(json.dumps(sign_load(args.load, args.seconds)))
        return
    run(args.seconds, args.cache)


if __name__ == "__main__":
    main()
