"""Benchmark: the public map (/carte) with 100,000 sensors, against the sensor page's own load.

    python -m bench.map [--sensors 100000] [--rounds 3]

1. *sensors* declared sensors are bulk-inserted into SQLite (the rows the register sync
   writes), spread over the territory (about 30 × 30 km around Angers), each with its own
   name, one of the three personal-data levels and one or two purposes; ``uvicorn`` serves
   ``create_app`` (one worker, as ``bench/registry_pages.py``).
2. The map's data file (``/carte/sensors.json``) is asked for once (the registry reads the
   register and builds it: printed as ``build_s``) and its size measured, plain and gzipped
   as sent. Goal: under 2 MB gzipped.
3. Headless Chromium loads a sensor page (``/s/<id>``): navigation to ``load`` event, the
   median of *rounds* loads. That is the ceiling: what a page of this site costs in this
   browser, on this machine, now. Then ``/carte``: navigation to the first markers drawn
   (``map.js`` notes the moment, ``dtprMap.state.firstMarkersAt``), the median of *rounds*.
   Goal: markers within 2 s of the map page's own ``load`` event (``after_load_ms``).
One ``RESULT map_first_markers_ms=… ceiling=<sensor page load ms> ratio=… after_load_ms=…
data_gzip_bytes=… data_bytes=… build_s=… sensors=…`` line at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from bench.registry_pages import sensor_id, server, template
from dtpr_core.register import read_sensor_data, sensor_to_data
from dtpr_store.db import make_engine, migrate
from dtpr_store.tables import SensorRow

LEVELS = ("none", "none", "none", "de_identified", "identifiable")
PURPOSES = ("health", "ecology", "traffic_management", "safety_security", "parking", "waste_management")
STREETS = ("rue", "boulevard", "avenue", "place", "allée", "chemin", "square", "quai")
COMMUNES = ("Angers", "Avrillé", "Trélazé", "Les Ponts-de-Cé", "Saint-Barthélemy-d'Anjou", "Beaucouzé", "Écouflant")
GZIP_GOAL = 2_000_000
AFTER_LOAD_GOAL_MS = 2_000


def fill(url: str, count: int) -> None:
    """*count* sensors spread over the territory, each its own name (French, English and Spanish: the
    data file's language columns), level and purposes (seeded)."""
    engine = make_engine(url)
    migrate(engine)
    sensor, problems = read_sensor_data(template())
    assert sensor is not None, problems
    base = sensor_to_data(sensor)
    now = datetime.now(UTC)
    pick = random.Random(23)
    with engine.begin() as connection:
        for start in range(0, count, 5000):
            rows = []
            for index in range(start, min(count, start + 5000)):
                lat, lon = 47.47 + pick.uniform(-0.14, 0.14), -0.55 + pick.uniform(-0.2, 0.2)
                commune = pick.choice(COMMUNES)
                street = f"{pick.choice(STREETS)} {pick.randrange(1, 400)}, {commune}"
                name = f"Capteur {index + 1} — {street}"
                names = {"fr": name, "en": f"Sensor {index + 1} — {street}", "es": f"Sensor {index + 1} — {street}"}
                location = {**base["location"], "lat": lat, "lon": lon, "commune": commune}
                rows.append(
                    {
                        "id": sensor_id(index),
                        "declared": True,
                        "data": {**base, "id": sensor_id(index), "name": names, "location": location},
                        "revision": 1,
                        "status": "active",
                        "name_fr": name,
                        "commune": commune,
                        "zone": f"Zone {pick.randrange(1, 60)}",
                        "lat": lat,
                        "lon": lon,
                        "personal_data": pick.choice(LEVELS),
                        "purposes": " ".join(pick.sample(PURPOSES, pick.choice((1, 1, 2)))),
                        "techs": "air_quality",
                        "history_seq": 0,
                        "created_at": now,
                        "updated_at": now,
                        "declared_at": now,
                    }
                )
            connection.execute(insert(SensorRow.__table__), rows)  # type: ignore[attr-defined]
    engine.dispose()


def browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--window-size=390,844",
        "--disable-background-networking",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    return driver


def page_load_ms(driver: Any, url: str) -> float:
    """Navigation start to the ``load`` event (the browser cache off, as a first visit)."""
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.get(url)
    return float(driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd"))


def map_ms(driver: Any, url: str) -> tuple[float, float]:
    """(navigation start to first markers, ``load`` event to first markers), in ms; prints where the time went."""
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.get(url)
    deadline = time.monotonic() + 60
    script = "return window.dtprMap && dtprMap.state.firstMarkersAt"
    while not (first := driver.execute_script(script)) and time.monotonic() < deadline:
        time.sleep(0.02)
    if not first:
        raise RuntimeError("the map drew no marker within 60 s")
    load = driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")
    steps = driver.execute_script("return dtprMap.state.timings")
    print(
        f"    load {load:.0f} ms, data fetched {steps['fetched']:.0f}, decoded {steps['decoded']:.0f},"
        f" clustered {steps['indexed']:.0f}, first markers {first:.0f}",
        flush=True,
    )
    return float(first), float(first) - float(load)


def bench(count: int, rounds: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'map.sqlite3'}"
        started = time.perf_counter()
        fill(url, count)
        print(f"  {count} sensors inserted in {time.perf_counter() - started:.1f} s", flush=True)
        with server(url) as base:
            started = time.perf_counter()
            sent = httpx.get(f"{base}/carte/sensors.json", headers={"accept-encoding": "gzip"}, timeout=120)
            build_s = time.perf_counter() - started
            with httpx.stream("GET", f"{base}/carte/sensors.json", headers={"accept-encoding": "gzip"}) as raw:
                gzipped = len(b"".join(raw.iter_raw()))
            plain = len(sent.content)
            driver = browser()
            try:
                page = [page_load_ms(driver, f"{base}/s/{sensor_id(count // 2)}") for _ in range(rounds)]
                found = [map_ms(driver, f"{base}/carte") for _ in range(rounds)]
            finally:
                driver.quit()
    first = statistics.median(f for f, _ in found)
    after_load = statistics.median(a for _, a in found)
    ceiling = statistics.median(page)
    print(f"  data: {plain:,} bytes, {gzipped:,} gzipped (goal < {GZIP_GOAL:,}); built in {build_s:.2f} s")
    print(
        f"  sensor page load: {ceiling:.0f} ms; map: first markers {first:.0f} ms, {after_load:.0f} ms after load"
        f" (goal < {AFTER_LOAD_GOAL_MS} ms)"
    )
    return (
        f"RESULT map_first_markers_ms={first:.0f} ceiling={ceiling:.0f} ratio={first / ceiling:.2f} "
        f"after_load_ms={after_load:.0f} data_gzip_bytes={gzipped} data_bytes={plain} build_s={build_s:.2f} "
        f"sensors={count}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sensors", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(bench(args.sensors, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
