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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--lang=fr-FR"):
        options.add_argument(flag)
    metrics = {"width": 390, "height": 1300, "pixelRatio": 1}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main() -> int:
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
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(10)
    print(f"wrote {IMG / 'sensor-page.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
