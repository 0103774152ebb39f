"""deploy/nginx/ with a real nginx: the export served as it is, and as the registry's fallback.

Stop the registry: every public page still answers 200, with the bytes the registry sent.
"""

from __future__ import annotations

import gzip
import re
import signal
from collections.abc import Iterator

import brotli
import httpx
import pytest

from tests.e2e.conftest import Deployment, running_deployment

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
    "/carte",
    "/carte?lang=en",
    "/carte/sensors.json",
    "/carte/communes.geojson",
    "/carte/static/map.js",
)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """A deployment of its own, its registry running until this module stops it."""
    with running_deployment(tmp_path_factory) as started:
        yield started


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
            if response.headers["content-type"].startswith("text/html"):  # deploy/nginx/ repeats the pages' headers
                for header in ("content-security-policy", "referrer-policy", "x-content-type-options"):
                    assert static.headers.get(header) == response.headers.get(header), (path, header)
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
        icons = set(re.findall(rb'<img class="ic" src="(/dtpr-icons/[^"]+)"', plain))
        assert icons, "the page links its icons"
        for src in icons:  # as the page asks for them: with the taxonomy's version in the query
            icon = client.get(src.decode())
            assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml", src
            assert icon.headers["cache-control"] == "public, max-age=604800, immutable", src
        assert client.get("/s/ANG-AQ-0001").headers["cache-control"] == "public, max-age=60"
