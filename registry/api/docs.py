"""``/api/docs``: the API's interactive documentation (Swagger UI), served from the package.

Swagger UI's files (``swagger-ui-dist`` 5, Apache-2.0, vendored in ``registry/api/static/swagger-ui/``:
version 5 is the first to render the OpenAPI 3.1 that FastAPI writes) are served from the package, never from a
CDN: the page shares its origin with the staff console, so it runs no script but ours and
its own files (``script-src 'self'``, no inline script: the start-up lines are
``/api/docs/init.js``), and no other site may frame it (``frame-ancestors 'none'``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)

SWAGGER_UI = Path(__file__).parent / "static" / "swagger-ui"
SWAGGER_UI_VERSION = "5.36.0"
"""The vendored ``swagger-ui-dist`` (its README says how to update it)."""

DOCS_PATH = "/api/docs"
OPENAPI_PATH = "/api/openapi.json"
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Swagger UI sets inline styles (hence ``style-src 'unsafe-inline'``); scripts are its own file and ours."""
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
"""Swagger UI's files this page uses (nothing else of the package is served)."""
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DTPR sensor registry: API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{DOCS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="{DOCS_PATH}/favicon-32x32.png">
</head><body><div id="swagger-ui"></div>
<script src="{DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/init.js"></script>
</body></html>
"""
INIT = f"""window.ui = SwaggerUIBundle({{
  url: "{OPENAPI_PATH}",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}});
"""
"""Swagger UI's start (``validatorUrl: null``: no request to its online validator)."""
HEADERS = {"Content-Security-Policy": POLICY, "X-Frame-Options": "DENY", "Cache-Control": "public, max-age=3600"}


@router.get(DOCS_PATH)
def docs_page() -> Response:
    return Response(PAGE, media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get(DOCS_PATH + "/init.js")
def docs_init() -> Response:
    return Response(INIT, media_type="text/javascript; charset=utf-8", headers=HEADERS)


@router.get(DOCS_PATH + "/{name}")
def docs_asset(name: str) -> Response:
    """One of Swagger UI's :data:`ASSETS`, read from the installed package."""
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(404)
    return Response((SWAGGER_UI / name).read_bytes(), media_type=media_type, headers=HEADERS)
