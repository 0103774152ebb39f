"""The phone: no public page of any language is wider than a 320 or 390 px screen.

Headless Chromium measures ``document.documentElement.scrollWidth`` of every shipped sensor
page, the index, the inventory and an error page, in the six languages, at both widths
(long e-mail addresses and ids must break, not push the page sideways). The same pages are
under 50 KB, and the new or changed kinds of page pass axe-core at 320 px.
"""

from __future__ import annotations

import urllib.request

import pytest

from dtpr_core.locales import LOCALES
from dtpr_core.yaml_source import load_register_file
from tests.e2e.conftest import ROOT, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (320, 390)
MAX_PAGE_BYTES = 50_000


def _paths() -> list[str]:
    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None and len(register.sensors) >= 18
    return [f"/s/{sensor.id}" for sensor in register.sensors] + ["/", "/inventory", "/s/ANG-NONE-9999", "/nothing"]


def _at_width(driver, width: int) -> None:
    metrics = {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def test_no_page_is_wider_than_a_phone(site: Site, browser) -> None:
    """Each page is loaded once and measured at each width: the viewport resized under it, its layout follows."""
    too_wide = []
    try:
        for path in _paths():
            for lang in LOCALES:
                _at_width(browser, WIDTHS[0])
                browser.get(f"{site.base_url}{path}?lang={lang}")
                for width in WIDTHS:
                    _at_width(browser, width)
                    scroll = browser.execute_script("return document.documentElement.scrollWidth")
                    if scroll > width:
                        too_wide.append((width, f"{path}?lang={lang}", scroll))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert too_wide == []


def test_every_page_is_under_50_kb(site: Site) -> None:
    heavy = []
    for path in _paths():
        for lang in LOCALES:
            request = urllib.request.Request(f"{site.base_url}{path}?lang={lang}", headers={"Accept": "text/html"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    size = len(response.read())
            except urllib.error.HTTPError as error:  # the error pages are pages too
                size = len(error.read())
            if size >= MAX_PAGE_BYTES:
                heavy.append((f"{path}?lang={lang}", size))
    assert heavy == []


@pytest.mark.parametrize("lang", ["es", "km"])
def test_inventory_and_error_pages_pass_axe_on_a_small_phone(site: Site, browser, lang: str) -> None:
    from axe_selenium_python import Axe

    _at_width(browser, 320)
    try:
        for path in ("/inventory", "/nothing", "/s/ANG-VID-0001"):
            browser.get(f"{site.base_url}{path}?lang={lang}")
            axe = Axe(browser)
            axe.inject()
            serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
            assert serious == [], (path, axe.report(serious))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
