"""``/api/docs``: Swagger UI served from the package (no CDN), under a strict CSP, never framed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from registry.api.docs import SWAGGER_UI_VERSION


def test_the_api_docs_load_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text, "no inline script: the CSP forbids it"
    linked = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert linked and all(url.startswith("/api/docs/") for url in linked), linked
    for url in linked:
        asset = client.get(url)
        assert asset.status_code == 200 and asset.content, url
        assert "frame-ancestors 'none'" in asset.headers["content-security-policy"], url
    assert b"SwaggerUIBundle" in client.get("/api/docs/swagger-ui-bundle.js").content
    assert b"/api/openapi.json" in client.get("/api/docs/init.js").content
    assert client.get("/api/openapi.json").status_code == 200


def test_only_the_docs_own_files_are_served(client: TestClient) -> None:
    for name in ("index.html", "..%2f..%2fpyproject.toml", "swagger-ui.js.map", "oauth2-redirect.html"):
        assert client.get(f"/api/docs/{name}").status_code == 404, name


def test_the_served_swagger_ui_reads_the_openapi_version_the_app_writes(client: TestClient) -> None:
    """Swagger UI 4 answers "Unable to render this definition" to OpenAPI 3.1: it needs version 5."""
    openapi = client.get("/api/openapi.json").json()["openapi"]
    bundle = client.get("/api/docs/swagger-ui-bundle.js").content
    assert f'"{SWAGGER_UI_VERSION}"'.encode() in bundle, "the version said is the version served"
    if openapi.startswith("3.1"):
        assert int(SWAGGER_UI_VERSION.split(".")[0]) >= 5
