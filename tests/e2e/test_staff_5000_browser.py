"""The print centre with 5,000 ticked signs (the documented largest job), in headless Chromium against ``dtpr serve``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.writes import upsert_sensor
from tests.conftest import make_sensor
from tests.e2e.conftest import Site
from tests.e2e.processes import dtpr_process, free_port, wait_for_http
from tests.e2e.test_staff_ops_browser import EMAIL, PASSWORD, _run, audit_page, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIGNS = 5000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("staff-5000")
    port = free_port()
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        "DTPR_API__TOKEN": "e2e-staff-5000-token-0123456789",
        "DTPR_SIGNS__JOB_DIR": str(tmp / "print-jobs"),
    }
    engine = make_engine(env["DTPR_DATABASE__URL"])
    migrate(engine)
    with session_scope(engine) as session:
        for index in range(SIGNS):
            upsert_sensor(session, sensor=make_sensor(f"ANG-BIG-{index:04d}"), source="register", actor="sync")
    engine.dispose()
    added = _run(
        ["staff", "add", EMAIL, "--name", "Camille Martin", "--role", "editor", "--password-stdin"],
        env,
        PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stdout + added.stderr
    with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, tmp / "serve.log"):
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        yield Site(env["DTPR_PUBLIC__BASE_URL"], env["DTPR_API__TOKEN"], env, tmp)


def test_five_thousand_ticked_signs_reach_the_preview(big_site: Site, browser: Any) -> None:
    sign_in(browser, big_site)
    browser.get(f"{big_site.base_url}/staff/print?lang=fr")
    browser.find_element("link text", f"Tout cocher ({SIGNS})").click()
    wait_for(browser, "Tout décocher")
    ticked = browser.execute_script("return document.querySelectorAll('input[name=ids]:checked').length")
    assert ticked == SIGNS
    browser.find_element("css selector", "form[action='/staff/print/preview'] button[type=submit]").click()
    wait_for(browser, f"Lancer l’impression ({SIGNS} panneaux)", timeout=120)
    hidden = browser.execute_script(
        "return document.querySelectorAll('form[action=\"/staff/print/jobs\"] input[name=ids]').length"
    )
    assert hidden == SIGNS  # the start form carries them all (5,100 fields at most per console form)
    audit_page(browser, "print-preview-5000")
