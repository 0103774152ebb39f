"""Remake the pictures of docs/img from the shipped register (needs Debian's chromium).

    python scripts/docs_screenshots.py

Starts ``dtpr serve`` on a throw-away SQLite, syncs sensors.yaml in-process, opens
sensor pages in headless Chromium at a phone's size and renders signs with the
product's own renderer, so the docs always show what the product makes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
PAGE_SENSOR = "ANG-VID-0001"
BASE_URL = "https://capteurs.angers.fr"
SIGNS = {  # picture -> (sensor, size, languages)
    "sign-a5-air-quality.png": ("ANG-AQ-0001", "a5", ("fr", "en")),
    "sign-a6-camera.png": ("ANG-VID-0001", "a6", ("fr", "en")),
    "sign-sticker.png": ("ANG-SM-0001", "sticker", ("fr",)),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def browser(laptop: bool = False):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--lang=fr-FR"):
        options.add_argument(flag)
    if laptop:
        options.add_argument("--window-size=1280,860")
    else:
        metrics = {"width": 390, "height": 1300, "pixelRatio": 1}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


STAFF_EMAIL, STAFF_PASSWORD = "camille.roux@angers.fr", "une phrase de passe pour les captures"


def staff_seed(settings: object) -> None:
    """A staff account, a message from a resident and some page views, for the console pictures."""
    from datetime import UTC, datetime, timedelta

    from dtpr_core.passwords import hash_password
    from dtpr_store.db import make_engine, session_scope
    from dtpr_store.writes import add_feedback, add_page_views, create_staff_account

    engine = make_engine(settings.database.url)  # type: ignore[attr-defined]
    today = datetime.now(UTC).date()
    with session_scope(engine) as session:
        create_staff_account(
            session, email=STAFF_EMAIL, name="Camille Roux", role="admin", password_hash=hash_password(STAFF_PASSWORD)
        )
        add_feedback(
            session,
            sensor_id=PAGE_SENSOR,
            message="Bonjour, cette caméra filme-t-elle les fenêtres de mon appartement ?",
            email="voisine@example.org",
            locale="fr",
        )
        views = {(PAGE_SENSOR, today - timedelta(days=n)): 20 + (n * 37) % 45 for n in range(90)}
        views.update({("ANG-AQ-0001", today - timedelta(days=n)): 5 + (n * 13) % 20 for n in range(60)})
        add_page_views(session, counts=views)
    engine.dispose()


def staff_pictures(base_url: str) -> None:
    driver = browser(laptop=True)
    try:
        driver.get(f"{base_url}/staff/login")
        driver.find_element("id", "email").send_keys(STAFF_EMAIL)
        driver.find_element("id", "password").send_keys(STAFF_PASSWORD)
        driver.find_element("css selector", "form[action='/staff/login'] button").click()
        for picture, path in (
            ("staff-dashboard.png", "/staff/"),
            ("staff-feedback.png", "/staff/feedback/1"),
            ("staff-indicators.png", "/staff/indicators"),
        ):
            driver.get(base_url + path)
            driver.save_screenshot(str(IMG / picture))
            print(f"wrote {IMG / picture}")
    finally:
        driver.quit()


def signs() -> None:
    """The sign pictures, and A6 signs imposed on an A3 sheet (first page)."""
    from datetime import date

    import pypdfium2

    from dtpr_core.yaml_source import load_register_file
    from signage import SignOptions, build_sheet, render_sign

    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None, "sensors.yaml has errors: dtpr validate"
    sensors = {sensor.id: sensor for sensor in register.sensors}
    for picture, (sensor_id, size, langs) in SIGNS.items():
        options = SignOptions(BASE_URL, size=size, langs=langs, revision=3, revision_date=date(2026, 11, 20), dpi=110)
        (IMG / picture).write_bytes(render_sign(sensors[sensor_id], options, "png"))
        print(f"wrote {IMG / picture}")
    batch = [(sensor, SignOptions(BASE_URL, size="a6", langs=("fr", "en"))) for sensor in register.sensors[:8]]
    page = pypdfium2.PdfDocument(build_sheet(batch, "a3"))[0]
    page.render(scale=60 / 72).to_pil().save(IMG / "sheet-a6-on-a3.png", optimize=True)
    print(f"wrote {IMG / 'sheet-a6-on-a3.png'}")


def main() -> int:
    signs()
    from dtpr_cli.system import sync_register
    from dtpr_core.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {
            **os.environ,
            "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
            "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        }
        os.environ.update(env)
        sync_register(Settings(), str(ROOT / "sensors.yaml"))
        staff_seed(Settings())
        server = subprocess.Popen(
            [sys.executable, "-m", "dtpr_cli.main", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
        )
        try:
            for _ in range(100):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            driver = browser()
            try:
                driver.get(f"http://127.0.0.1:{port}/s/{PAGE_SENSOR}?lang=fr")
                driver.save_screenshot(str(IMG / "sensor-page.png"))
            finally:
                driver.quit()
            staff_pictures(f"http://127.0.0.1:{port}")
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(10)
    print(f"wrote {IMG / 'sensor-page.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
