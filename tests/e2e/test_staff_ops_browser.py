"""The print centre, devices, drift, quarantine and history in headless Chromium, against ``dtpr serve``.

An editor signs in, prints a sheet and downloads its PDF (its QR codes decode to the
chosen sensors' pages), copies a "declare" snippet that ``dtpr validate`` refuses, then
accepts once completed; every page passes axe-core with no serious or critical violation.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from dtpr_core.announcement import Announcement
from dtpr_store.db import make_engine, session_scope
from dtpr_store.writes import quarantine_messages, record_announcements
from tests.domain.declare_helpers import complete, register_with
from tests.e2e.conftest import ARTIFACTS, ROOT, Site
from tests.e2e.processes import DTPR, dtpr_process, free_port, wait_for_http

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, PASSWORD = "camille.martin@ville.example.fr", "une phrase de passe assez longue"
PICKED = ("ANG-AQ-0001", "ANG-AQ-0002")


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DTPR, *args], env={**os.environ, **env}, input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """``dtpr serve`` on a fresh SQLite with sensors.yaml synced, an editor account, a device, drift, quarantine."""
    tmp = tmp_path_factory.mktemp("staff-ops")
    port = free_port()
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        "DTPR_API__TOKEN": "e2e-staff-ops-token-0123456789",
        "DTPR_SIGNS__JOB_DIR": str(tmp / "print-jobs"),
    }
    with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, tmp / "serve.log"):
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        sync = _run(["sync", str(ROOT / "sensors.yaml"), "--registry", env["DTPR_PUBLIC__BASE_URL"]], env)
        assert sync.returncode == 0, sync.stdout + sync.stderr
        added = _run(
            ["staff", "add", EMAIL, "--name", "Camille Martin", "--role", "editor", "--password-stdin"],
            env,
            PASSWORD + "\n",
        )
        assert added.returncode == 0, added.stdout + added.stderr
        _network_findings(env["DTPR_DATABASE__URL"])
        yield Site(env["DTPR_PUBLIC__BASE_URL"], env["DTPR_API__TOKEN"], env, tmp)


def _network_findings(database_url: str) -> None:
    """What the gateway would have recorded: an undeclared device, drift on a declared sensor, a bad message."""
    engine = make_engine(database_url)
    at = datetime.now(UTC)
    with session_scope(engine) as session:
        announcements = [
            Announcement("HA-AQ-0099", "homeassistant", at, elements=("air_quality", "values_time")),
            Announcement("ANG-AQ-0001", "dtpr", at, elements=("air_quality", "identifiable_video")),
        ]
        record_announcements(session, announcements=announcements)
        quarantine_messages(session, items=[("dtpr/v1/x/announce", b"<b>{oops\xff", 10, "invalid JSON", at)])
    engine.dispose()


def audit_page(browser: Any, name: str) -> None:
    from axe_selenium_python import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"staff-{name}.png"))
    axe = Axe(browser)
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], f"{name}: {axe.report(serious)}"


def sign_in(browser: Any, site: Site) -> None:
    browser.get(f"{site.base_url}/staff/login?lang=fr")  # French remembered (the browser asks for English)
    if "/staff/login" not in browser.current_url:
        return  # still signed in from an earlier test
    browser.find_element("id", "email").send_keys(EMAIL)
    browser.find_element("id", "password").send_keys(PASSWORD)
    browser.find_element("css selector", "form button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda driver: "/staff/login" not in driver.current_url)


def wait_for(browser: Any, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in browser.page_source:
        assert time.monotonic() < deadline, f"«{text}» never appeared on {browser.current_url}: {main_text(browser)}"
        time.sleep(0.5)


def main_text(browser: Any) -> str:
    """The page's ``<main>`` text for a failure message; the page may be changing under us (a form just sent)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    try:
        return str(browser.find_element("tag name", "main").text[:500])
    except (NoSuchElementException, StaleElementReferenceException) as error:
        return f"(no <main> to read: {type(error).__name__})"


def decoded_qr_codes(pdf: bytes) -> set[str]:
    import pypdfium2
    import zxingcpp

    found = set()
    for page in pypdfium2.PdfDocument(io.BytesIO(pdf)):
        image = page.render(scale=300 / 72).to_pil()
        found |= {r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode}
    return found


def test_print_a_sheet_and_its_qr_codes_decode(site: Site, browser: Any) -> None:
    sign_in(browser, site)
    browser.get(f"{site.base_url}/staff/print?q=ANG-AQ-000")
    audit_page(browser, "print")
    for sensor_id in PICKED:
        browser.find_element("css selector", f"input[name=ids][value='{sensor_id}']").click()
    browser.find_element("css selector", "select[name=size] option[value=a6]").click()
    browser.find_element("css selector", "form[action='/staff/print/preview'] button[type=submit]").click()
    wait_for(browser, "Lancer l’impression (2 panneaux)")
    audit_page(browser, "print-preview")
    browser.find_element("css selector", "form[action='/staff/print/jobs'] button[type=submit]").click()
    wait_for(browser, "Télécharger")  # the page refreshes itself until the file is ready
    audit_page(browser, "print-job")
    link = browser.find_element("css selector", "a[download]").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    download = httpx.get(link, cookies=cookies, timeout=30)
    assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
    assert decoded_qr_codes(download.content) == {f"{site.base_url}/s/{sensor_id}" for sensor_id in PICKED}
    # The site's address is loopback: the job is a proof, which never counts as printed (#21).
    assert "ÉPREUVE" in browser.find_element("tag name", "main").text
    assert not browser.find_elements("css selector", "form[action$='/printed'] button")


def test_copy_a_declare_snippet_that_validates_once_completed(site: Site, browser: Any, tmp_path: Path) -> None:
    sign_in(browser, site)
    browser.get(f"{site.base_url}/staff/devices")
    audit_page(browser, "devices")
    browser.find_element("css selector", "a[href='/staff/devices/HA-AQ-0099/declare']").click()
    audit_page(browser, "declare")
    snippet = browser.find_element("id", "snippet").get_property("value")
    register = tmp_path / "sensors.yaml"
    register.write_text(register_with(snippet), "utf-8")
    refused = _run(["validate", str(register)], site.env)
    assert refused.returncode == 1 and "HA-AQ-0099" in refused.stdout and "still to fill in" in refused.stdout
    register.write_text(register_with(complete(snippet)), "utf-8")
    accepted = _run(["validate", str(register)], site.env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("drift", "/staff/drift"),
        ("quarantine", "/staff/quarantine"),
        ("history", "/staff/sensors/ANG-AQ-0001/history"),
        ("print-en", "/staff/print?lang=en"),
        ("quarantine-message", "/staff/quarantine/1?lang=fr"),
    ],
)
def test_pages_pass_axe(site: Site, browser: Any, name: str, path: str) -> None:
    sign_in(browser, site)
    browser.get(f"{site.base_url}{path}")
    assert "/staff/login" not in browser.current_url
    audit_page(browser, name)


MACHINE_WORDS = re.compile(
    r"\{\{|\}\}|\bUTC\b|\b(sign_to_update|misconfigured|answered|queued|running|labels|invalid JSON)\b"
)
"""What staff must not read: template holes, UTC times, raw enum values, the gateway's English reasons."""


@pytest.mark.parametrize(
    "path",
    ["/staff/drift", "/staff/quarantine", "/staff/sensors/ANG-AQ-0001/history", "/staff/print", "/staff/sensors"],
)
def test_pages_speak_to_staff(site: Site, browser: Any, path: str) -> None:
    """The visible words (not the secondary machine ids in <code>) are complete, plain and local."""
    sign_in(browser, site)
    browser.get(f"{site.base_url}{path}?lang=fr")
    shown = browser.execute_script(
        "const main = document.querySelector('main').cloneNode(true);"
        "main.querySelectorAll('code, small.muted, [lang=en]').forEach(node => node.remove());"
        "return main.innerText;"
    )
    assert shown.strip() and MACHINE_WORDS.search(shown) is None, MACHINE_WORDS.search(shown)
    audit_page(browser, "words" + path.replace("/", "-"))
