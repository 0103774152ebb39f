"""Which routers the registry serves (and the error handlers), in one place.

FastAPI tries routes in order: the public sensor page (what every QR code opens, by far
the busiest route) comes first, on the app's own router (an included router adds a
dispatch of its own to every request it serves), then the health check. ``/s/{id}.json``
never reaches the page route, whose ``sensor_id`` convertor refuses dots. Public pages
answer ``HEAD`` as well as ``GET`` (link checkers, monitoring).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from registry import dtpr_api, exports, signs
from registry.api import bulk, feedback, public_json, sensors, staff, tokens
from registry.api import signs as api_signs
from registry.api import votes as api_votes
from registry.errors import HtmlErrorPage, install_error_handlers
from registry.pages import routes as pages
from registry.pages import votes

health = APIRouter(tags=["health"])


@health.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, bool]:
    return {"ok": True}


def install(app: FastAPI, *, html_error_page: HtmlErrorPage | None = None) -> None:
    """Mount every router; each module exposes ``router``."""
    install_error_handlers(app, html_error_page)
    app.add_api_route(pages.SENSOR_PAGE_PATH, pages.sensor_page, methods=["GET", "HEAD"], include_in_schema=False)
    app.router.routes.insert(0, app.router.routes.pop())  # before the OpenAPI and docs routes too
    app.include_router(health)
    app.include_router(pages.router)
    app.include_router(votes.router)
    app.include_router(public_json.router)
    app.include_router(bulk.router)
    for module in (sensors, feedback, staff, api_signs, tokens, api_votes):
        app.include_router(module.router)
    app.include_router(dtpr_api.router)
    app.include_router(exports.router)
    app.include_router(signs.router)
