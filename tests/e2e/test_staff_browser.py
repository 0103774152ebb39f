"""The staff console in real headless Chromium against ``dtpr serve``: sign in, answer a message
whose mail reaches a real local SMTP server (aiosmtpd), sign out; axe-core on every console page.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.e2e.conftest import ARTIFACTS, ROOT
from tests.e2e.processes import DTPR, dtpr_process, free_port, wait_for_http
from tests.registry.staff.conftest import Inbox

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, PASSWORD = "camille@ville.example.fr", "une phrase de passe assez longue"
PAGES = (
    "/staff/",
    "/staff/feedback",
    "/staff/indicators",
    "/staff/accounts",
    "/staff/tokens",
    "/staff/audit",
    "/staff/me",
    "/staff/silent",
)


@dataclass
class Console:
    base_url: str
    inbox: Inbox
    token: str


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    from aiosmtpd.controller import Controller

    tmp = tmp_path_factory.mktemp("console")
    port, smtp_port = free_port(), free_port()
    token = "e2e-console-token-0123456789"
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        "DTPR_API__TOKEN": token,
        "DTPR_MAIL__HOST": "127.0.0.1",
        "DTPR_MAIL__PORT": str(smtp_port),
        "DTPR_MAIL__SECURITY": "none",
        "DTPR_MAIL__FROM_ADDRESS": "capteurs@ville.example.fr",
    }
    full_env = {**os.environ, **env}
    added = subprocess.run(
        [*DTPR, "staff", "add", EMAIL, "--name", "Camille Roux", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    try:
        with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, tmp / "serve.log"):
            wait_for_http(f"http://127.0.0.1:{port}/healthz")
            sync = subprocess.run(
                [*DTPR, "sync", str(ROOT / "sensors.yaml"), "--registry", env["DTPR_PUBLIC__BASE_URL"]],
                env=full_env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert sync.returncode == 0, sync.stdout + sync.stderr
            yield Console(env["DTPR_PUBLIC__BASE_URL"], inbox, token)
    finally:
        smtp.stop()


def wait_for_url(driver, part: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(expected_conditions.url_matches(part))
    # a click's navigation changes the URL before the new page is parsed: wait for the page too
    WebDriverWait(driver, 20).until(lambda page: page.execute_script("return document.readyState") == "complete")


def sign_in(driver, console: Console) -> None:  # type: ignore[no-untyped-def]
    driver.get(f"{console.base_url}/staff/?lang=fr")  # French, remembered under /staff
    assert "/staff/login" in driver.current_url
    driver.find_element("id", "email").send_keys(EMAIL)
    driver.find_element("id", "password").send_keys(PASSWORD)
    driver.find_element("css selector", "form[action='/staff/login'] button").click()
    wait_for_url(driver, r"/staff/$")


def test_sign_in_answer_by_mail_sign_out(console: Console, browser) -> None:
    message = {"message": "Ce capteur filme-t-il mon balcon ?", "email": "voisine@example.org", "kind": "question"}
    assert httpx.post(f"{console.base_url}/api/v1/sensors/ANG-VID-0001/feedback", json=message).status_code == 202
    browser.set_window_size(1280, 900)
    sign_in(browser, console)
    browser.find_element("css selector", "a[href='/staff/feedback?status=new']").click()
    browser.find_element("link text", "Ce capteur filme-t-il mon balcon ?").click()
    browser.find_element("id", "answer").send_keys(
        "Non : la caméra est orientée vers la chaussée et floute les façades."
    )
    browser.find_element("css selector", "form[action$='/answer'] button").click()
    wait_for_url(browser, r"/staff/feedback/\d+$")
    deadline = time.monotonic() + 20
    while not console.inbox.messages:  # the outbox worker sends it
        assert time.monotonic() < deadline, "the answer never reached the SMTP server"
        time.sleep(0.1)
    browser.refresh()
    assert "Envoyé le" in browser.page_source
    assert len(console.inbox.messages) == 1
    _, recipients, mail = console.inbox.messages[0]
    assert recipients == ["voisine@example.org"] and "floute les façades" in mail.get_content()
    browser.find_element("css selector", "form[action='/staff/logout'] button").click()
    wait_for_url(browser, "/staff/login")
    browser.get(f"{console.base_url}/staff/feedback")
    assert "/staff/login" in browser.current_url  # signed out for good


@pytest.mark.parametrize("width", [1280, 820])  # a laptop and a tablet
def test_every_console_page_passes_axe(console: Console, browser, width: int) -> None:
    browser.set_window_size(width, 1000)
    browser.get(f"{console.base_url}/staff/login?lang=fr")
    if "/staff/login" in browser.current_url:
        audit_page(browser, f"staff-login-{width}")
        browser.find_element("id", "email").send_keys(EMAIL)
        browser.find_element("id", "password").send_keys(PASSWORD)
        browser.find_element("css selector", "form[action='/staff/login'] button").click()
        wait_for_url(browser, r"/staff/$")
    for path in PAGES:
        browser.get(f"{console.base_url}{path}")
        assert "/staff/login" not in browser.current_url, path
        audit_page(browser, f"staff{path.replace('/', '-')}-{width}")
    browser.get(f"{console.base_url}/staff/feedback")
    items = browser.find_elements("css selector", "td a[href^='/staff/feedback/']")
    assert items, "the feedback of the first test is listed"
    items[0].click()
    wait_for_url(browser, "/staff/feedback/")
    audit_page(browser, f"staff-feedback-item-{width}")


def audit_page(driver, name: str) -> None:  # type: ignore[no-untyped-def]
    from axe_selenium_python import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    axe = Axe(driver)
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], (name, axe.report(serious))


def test_the_console_works_without_javascript(console: Console) -> None:
    """Plain HTML forms and links: signed in and through every page with no script run, none sent."""
    import re

    with httpx.Client(base_url=console.base_url) as client:
        form = client.get("/staff/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        done = client.post("/staff/login", data={"csrf": csrf, "email": EMAIL, "password": PASSWORD})
        assert done.status_code == 303
        for path in PAGES:
            page = client.get(path)
            assert page.status_code == 200 and "<script" not in page.text, path


def test_the_staff_map_draws_its_layers_and_switches_them(console: Console, browser) -> None:
    browser.set_window_size(1280, 900)
    browser.get(f"{console.base_url}/staff/carte")
    if "/staff/login" in browser.current_url:
        sign_in(browser, console)
        browser.get(f"{console.base_url}/staff/carte")
    count = "return dtprStaffMap.ready && dtprStaffMap.groups.reprint.getLayers().length"
    deadline = time.monotonic() + 20
    while not browser.execute_script(count) and time.monotonic() < deadline:
        time.sleep(0.1)
    links = browser.find_elements("css selector", "#layer-reprint + p + ul a")
    assert browser.execute_script(count) == len(links) > 0  # every sign was never printed
    assert links[0].get_attribute("href").endswith("/history")
    drawn = "return dtprStaffMap.map.hasLayer(dtprStaffMap.groups.reprint)"
    assert browser.execute_script(drawn)
    browser.find_element("css selector", "input[name=layer][value=reprint]").click()
    assert not browser.execute_script(drawn)
    audit_page(browser, "staff-carte")  # the one console page with scripts (its lists work without)
