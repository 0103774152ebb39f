"""A real browser: headless Chromium opens a sensor page at a phone's size, takes a
screenshot (kept under artifacts/) and runs the axe-core accessibility audit.
"""

from __future__ import annotations

import pytest

from dtpr_core.yaml_source import load_register_file
from tests.e2e.conftest import ARTIFACTS, ROOT, Deployment, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sensor_page_on_a_phone_passes_axe(site: Site, browser, lang: str) -> None:
    from axe_selenium_python import Axe

    register = load_register_file(str(ROOT / "sensors.yaml")).register
    assert register is not None
    for sensor_id in dict.fromkeys(("ANG-AQ-0001", "ANG-VID-0001", register.sensors[0].id)):  # VID: the GDPR layer
        browser.get(f"{site.base_url}/s/{sensor_id}?lang={lang}")
        assert browser.find_element("tag name", "html").get_attribute("lang") == lang
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / f"sensor-page-{sensor_id}-{lang}.png"))
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        assert serious == [], axe.report(serious)


def test_index_page_passes_axe(site: Site, browser) -> None:
    from axe_selenium_python import Axe

    browser.get(f"{site.base_url}/?lang=fr")
    browser.save_screenshot(str(ARTIFACTS / "index-fr.png"))
    axe = Axe(browser)
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], axe.report(serious)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_exported_page_from_the_nginx_static_root_passes_axe(deployment: Deployment, browser, lang: str) -> None:
    """The page ``dtpr export site`` wrote, served by deploy/nginx/dtpr-static.conf: the same audit."""
    from axe_selenium_python import Axe

    browser.get(f"{deployment.static}/s/ANG-AQ-0001?lang={lang}")
    assert browser.find_element("tag name", "html").get_attribute("lang") == lang
    assert browser.execute_script("return document.documentElement.outerHTML.length") > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"exported-page-ANG-AQ-0001-{lang}.png"))
    axe = Axe(browser)
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], axe.report(serious)
