"""The public map in headless Chromium: live (``dtpr serve``) and from the static export behind nginx.

Markers and clusters are counted through Leaflet's API (the layer ``map.js`` fills), the
visitor's position is emulated with the DevTools protocol, every request the browser makes
is read from its performance log, and axe-core audits the page.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from dtpr_core.datachain import personal_data
from dtpr_core.yaml_source import load_register_file
from tests.e2e.conftest import ARTIFACTS, ROOT, Deployment, Site, start_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOWN = "return dtprMap.layer.getLayers().reduce((n, m) => n + m.options.sensorCount, 0)"


def _shipped() -> dict[str, tuple[float, float, str]]:
    """sensors.yaml's sensors on the map: id -> (lat, lon, personal-data level)."""
    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None
    return {
        s.id: (s.location.lat, s.location.lon, personal_data(s))
        for s in register.sensors
        if s.status != "retired" and s.location.lat is not None
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The module's Chromium, logging every request it makes (read by :func:`_requested`)."""
    driver = start_chromium(performance_log=True)
    yield driver
    driver.quit()


def _wait(browser: Any, script: str, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    console = [entry["message"] for entry in browser.get_log("browser")]
    raise AssertionError(f"{script!r} stayed false for {timeout} s; console: {console}")


def _requested(browser: Any) -> set[str]:
    """Every URL the browser asked for since the last call (its performance log)."""
    urls = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def _open_map(browser: Any, base: str, lang: str = "fr") -> None:
    browser.get(f"{base}/carte?lang={lang}")
    _wait(browser, "return window.dtprMap && dtprMap.state.firstMarkersAt !== null")


def _serious(browser: Any) -> list[Any]:
    from axe_selenium_python import Axe

    axe = Axe(browser)
    axe.inject()
    return [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]


def _nearest_first(browser: Any, base: str, grant: Callable[[str], None]) -> None:
    shipped = _shipped()
    target, (lat, lon, _) = sorted(shipped.items())[len(shipped) // 2]
    grant(base)
    browser.execute_cdp_cmd(
        "Emulation.setGeolocationOverride", {"latitude": lat + 0.0002, "longitude": lon, "accuracy": 5}
    )
    browser.find_element("id", "near-me").click()
    _wait(browser, "return document.querySelectorAll('#near-list li').length > 0")
    first = browser.find_element("css selector", "#near-list li a").get_attribute("href")
    assert urlsplit(first).path == f"/s/{target}", (first, target)
    assert browser.execute_script("return document.activeElement.id") == "near-h"
    center = browser.execute_script("return dtprMap.map.getCenter()")
    assert math.isclose(center["lat"], lat + 0.0002, abs_tol=1e-3)


def _check_map(browser: Any, base: str) -> None:
    shipped = _shipped()
    _requested(browser)
    _open_map(browser, base)
    assert browser.execute_script(SHOWN) == len(shipped)  # every shipped sensor, in a marker or a cluster
    assert browser.execute_script("return dtprMap.state.sensors.length") == len(shipped)
    browser.find_element("css selector", "#m-personal option[value='yes']").click()
    _wait(browser, "return dtprMap.state.filtered.length < dtprMap.state.sensors.length")
    with_personal = sum(1 for *_, level in shipped.values() if level != "none")
    assert browser.execute_script("return dtprMap.state.filtered.length") == with_personal
    browser.execute_script("dtprMap.map.setZoom(3)")
    assert browser.execute_script(SHOWN) == with_personal
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("document.getElementById('map').scrollIntoView(); dtprMap.map.setZoom(12)")
    browser.save_screenshot(str(ARTIFACTS / f"map-{urlsplit(base).port}.png"))
    assert _serious(browser) == []
    origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
    outside = {url for url in _requested(browser) if not url.startswith((origin + "/", "data:"))}
    assert outside == set(), outside


SPANISH = ("ANG-AQ-0001", "Calidad del aire — Place de la Fraternité")
"""A shipped sensor named in Spanish by translations/es.po (and in English by sensors.yaml)."""
FIRST_NEAR = (
    "const a = document.querySelector('#near-list li a'); const s = a.nextElementSibling;"
    "return [a.textContent, a.getAttribute('lang'), s && s.className === 'fallback' ? s.textContent : null]"
)


def _names_in_the_pages_language(browser: Any, base: str, grant: Callable[[str], None]) -> None:
    """Spanish page: the Spanish name, unmarked; Khmer page (no Khmer name): English, marked and said."""
    lat, lon, _ = _shipped()[SPANISH[0]]
    grant(base)
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": lat, "longitude": lon, "accuracy": 5})
    found = []
    for lang in ("es", "km"):
        _open_map(browser, base, lang)
        browser.find_element("id", "near-me").click()
        _wait(browser, "return document.querySelectorAll('#near-list li').length > 0")
        found.append(browser.execute_script(FIRST_NEAR))
    assert found[0] == [SPANISH[1], None, None]
    name, marked, notice = found[1]
    assert (name, marked) == ("Air quality — Place de la Fraternité", "en") and notice and notice.startswith("(")


def _grant(browser: Any) -> Callable[[str], None]:
    def grant(base: str) -> None:
        browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})

    return grant


def test_the_live_map_shows_filters_and_finds_the_nearest(site: Site, browser: Any) -> None:
    _check_map(browser, site.base_url)
    _open_map(browser, site.base_url)
    _nearest_first(browser, site.base_url, _grant(browser))
    _names_in_the_pages_language(browser, site.base_url, _grant(browser))


def test_the_map_works_at_320_px_and_by_keyboard(site: Site, browser: Any) -> None:
    browser.set_window_size(320, 700)
    try:
        _open_map(browser, site.base_url, "en")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 320
        markers = browser.execute_script(
            "return [...document.querySelectorAll('.leaflet-marker-icon')]"
            ".map(m => [m.tabIndex, m.getAttribute('aria-label')])"
        )
        assert markers and all(tab == 0 and label for tab, label in markers)
        browser.execute_script("dtprMap.map.setZoom(17)")
        assert _serious(browser) == []
    finally:
        browser.set_window_size(390, 844)


def test_the_exported_map_works_from_nginx_with_the_registry_stopped(deployment: Deployment, browser: Any) -> None:
    deployment.registry.terminate()
    deployment.registry.wait(timeout=15)
    _check_map(browser, deployment.static)
    _open_map(browser, deployment.static)
    _nearest_first(browser, deployment.static, _grant(browser))
    _names_in_the_pages_language(browser, deployment.static, _grant(browser))
