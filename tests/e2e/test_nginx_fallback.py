"""deploy/nginx/ with a real nginx: the export served as it is, and as the registry's fallback.

Stop the registry: every public page still answers 200, with the bytes the registry sent.
"""

from __future__ import annotations

import gzip
import os
import secrets
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
import httpx
import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.nginx import nginx
from tests.e2e.processes import DTPR, dtpr_process, free_port, wait_for_http

pytestmark = pytest.mark.slow
PATHS = (
    "/s/ANG-AQ-0001",
    "/s/ANG-AQ-0001?lang=en",
    "/s/ANG-AQ-0001.json",
    "/s/ANG-AQ-0001/datachain.json",
    "/",
    "/?lang=es",
    "/inventory",
    "/export/sensors.csv",
    "/dtpr-icons/air_quality.svg",
)


@dataclass
class Deployment:
    fallback: str
    static: str
    registry: subprocess.Popen[bytes]
    export: Path


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
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


def test_stop_the_registry_and_every_page_still_answers_the_same(deployment: Deployment) -> None:
    with httpx.Client(base_url=deployment.fallback, timeout=10) as client:
        live = {path: client.get(path) for path in PATHS}
        for path, response in live.items():
            assert response.status_code == 200, path
        assert "content-security-policy" in live["/s/ANG-AQ-0001"].headers
        deployment.registry.send_signal(signal.SIGINT)
        deployment.registry.wait(timeout=15)
        for path, response in live.items():
            static = client.get(path)
            assert static.status_code == 200, path
            assert static.content == response.content, path
            assert static.headers["content-type"] == response.headers["content-type"], path
        page = client.get("/s/ANG-AQ-0001", headers={"accept-language": "en-GB,en;q=0.9"})
        assert page.content == live["/s/ANG-AQ-0001?lang=en"].content  # the language map
        assert client.get("/s/NO-SUCH-SENSOR").status_code == 404
        assert client.get("/_dtpr/site.json").status_code == 404
        assert client.get("/s/ANG-AQ-0001/.export-stamp").status_code == 404


def test_the_static_server_alone_sends_the_compressed_copies(deployment: Deployment) -> None:
    plain = (deployment.export / "s/ANG-AQ-0001/index.html").read_bytes()
    with httpx.Client(base_url=deployment.static, timeout=10) as client:
        for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            with client.stream("GET", "/s/ANG-AQ-0001", headers={"accept-encoding": encoding}) as response:
                assert response.status_code == 200 and response.headers["content-encoding"] == encoding
                sent = b"".join(response.iter_raw())
            assert len(sent) < len(plain) / 2 and decode(sent) == plain
        assert client.get("/?page=1&lang=xx").status_code == 200  # an unknown query: the first page
        assert client.post("/s/ANG-AQ-0001/feedback", data={"message": "hello"}).status_code == 403
        assert client.get("/s/ANG-AQ-0001?lang=km").headers["content-type"] == "text/html; charset=utf-8"
