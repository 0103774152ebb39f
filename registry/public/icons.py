"""``/dtpr-icons/{name}``: the DTPR icons (SVG, CC BY 4.0), for the upstream-shaped API and the signs."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from dtpr_core.errors import NotFound
from dtpr_core.taxonomy import icon_svg

router = APIRouter(tags=["dtpr"])

ICON_HEADERS = {
    "Cache-Control": "public, max-age=604800, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Access-Control-Allow-Origin": "*",
}


@router.get("/dtpr-icons/{name:path}", summary="A DTPR icon (SVG, CC BY 4.0)", response_class=Response)
def icon(name: str) -> Response:
    try:
        svg = icon_svg(name)
    except KeyError:
        raise NotFound(f"no icon '{name[:80]}': icons are named like air_quality.svg") from None
    return Response(svg, media_type="image/svg+xml", headers=ICON_HEADERS)
