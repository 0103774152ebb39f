from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.nginx import nginx
from tests.e2e.processes import DTPR, chromium, dtpr_process, free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--window-size=390,844",  # a phone
    "--force-device-scale-factor=1",
)


def chromium_options(*, performance_log: bool = False) -> Any:
    """The options of every browser test's headless Chromium (*performance_log*: every request it makes is logged)."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = chromium() or ""
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return options


def start_chromium(*, performance_log: bool = False) -> Any:
    """Headless Chromium through Debian's chromedriver, a page load allowed 30 s."""
    if chromium() is None or not Path(CHROMEDRIVER).exists():
        pytest.fail("headless Chromium is missing: .ci/run installs Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=chromium_options(performance_log=performance_log))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium per test module (a module's tests may share its cookies, never another module's)."""
    driver = start_chromium()
    yield driver
    driver.quit()


@dataclass
class Site:
    base_url: str
    token: str
    env: dict[str, str]
    tmp: Path


@contextmanager
def running_site(tmp_path_factory: pytest.TempPathFactory, mqtt_url: str) -> Iterator[Site]:
    """``dtpr serve`` and ``dtpr gateway`` running on a fresh SQLite, with sensors.yaml synced."""
    tmp = tmp_path_factory.mktemp("site")
    port = free_port()
    token = secrets.token_urlsafe(24)
    prefix = f"e2e{secrets.token_hex(4)}"
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        "DTPR_API__TOKEN": token,
        "DTPR_MQTT__URL": mqtt_url,
        "DTPR_MQTT__CLIENT_ID": f"gateway-{prefix}",
        "DTPR_MQTT__TOPIC_PREFIX": f"{prefix}/dtpr/v1",
        "DTPR_MQTT__DISCOVERY_PREFIX": f"{prefix}/homeassistant",
    }
    with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, tmp / "serve.log"):
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        with dtpr_process(["gateway"], env, tmp / "gateway.log"):
            sync = subprocess.run(
                [*DTPR, "sync", str(ROOT / "sensors.yaml"), "--registry", env["DTPR_PUBLIC__BASE_URL"]],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert sync.returncode == 0, sync.stdout + sync.stderr
            yield Site(env["DTPR_PUBLIC__BASE_URL"], token, env, tmp)


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory, mqtt_url: str) -> Iterator[Site]:
    """One running site for the modules that only read it (pages, map, widths); a module whose
    devices change what the pages show starts its own (``test_whole_flow.py``)."""
    with running_site(tmp_path_factory, mqtt_url) as started:
        yield started


@dataclass
class Deployment:
    fallback: str
    static: str
    registry: subprocess.Popen[bytes]
    export: Path


@contextmanager
def running_deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """The registry behind nginx (fallback config), the export beside it, a static-only nginx server."""
    tmp = tmp_path_factory.mktemp("nginx")
    app_port, fallback_port, static_port = free_port(), free_port(), free_port()
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{fallback_port}",
        "DTPR_API__TOKEN": secrets.token_urlsafe(24),
    }
    full_env = {**os.environ, **env}
    with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(app_port)], env, tmp / "serve.log") as registry:
        wait_for_http(f"http://127.0.0.1:{app_port}/healthz")
        registry_url = f"http://127.0.0.1:{app_port}"
        for command in (
            ["sync", str(ROOT / "sensors.yaml"), "--registry", registry_url],
            ["export", "site", str(tmp / "site")],
        ):
            done = subprocess.run([*DTPR, *command], env=full_env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
        sites = {"dtpr-fallback.conf": fallback_port, "dtpr-static.conf": static_port}
        with nginx(tmp / "nginx", tmp / "site", sites, registry=f"127.0.0.1:{app_port}"):
            yield Deployment(
                f"http://127.0.0.1:{fallback_port}", f"http://127.0.0.1:{static_port}", registry, tmp / "site"
            )


@pytest.fixture(scope="package")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One deployment for the modules that read its static root (which never needs the registry: the
    map's test stops it); ``test_nginx_fallback.py``, which stops the registry itself, starts its own."""
    with running_deployment(tmp_path_factory) as started:
        yield started
