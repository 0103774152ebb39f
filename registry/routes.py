"""Which routers the registry serves (and the error handlers), in one place.

FastAPI tries routes in order: the public sensor page (what every QR code opens, by far
the busiest route) comes first, on the app's own router (an included router adds a
dispatch of its own to every request it serves), then the health check. ``/s/{id}.json``
never reaches the page route, whose ``sensor_id`` convertor refuses dots. Public pages
answer ``HEAD`` as well as ``GET`` (link checkers, monitoring).

The tree says what each router serves: ``registry.pages`` (HTML pages), ``registry.public``
(the other public surfaces: JSON twins, exports, signs, icons, health) and ``registry.api``
(every ``/api/…`` route). The staff console (``registry.staff``, under ``/staff/``) is
mounted here too, with :data:`ROUTERS`.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from registry.api import bulk, dtpr, feedback, monitoring, network, sensors, signs, tokens, votes
from registry.errors import HtmlErrorPage, install_error_handlers
from registry.map import routes as public_map
from registry.pages import routes as pages
from registry.pages import votes as page_votes
from registry.public import exports, health, icons, twins
from registry.public import signs as printable_signs
from registry.staff import install_staff

ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    pages.router,
    page_votes.router,
    public_map.router,
    twins.router,
    bulk.router,  # before sensors: /api/v1/sensors/bulk is not a sensor id
    sensors.router,
    feedback.router,
    monitoring.router,
    votes.router,
    network.router,
    signs.router,
    tokens.router,
    dtpr.router,
    icons.router,
    exports.router,
    printable_signs.router,
)
"""Every router of the app, in the order FastAPI tries them (the sensor page comes before all)."""


def install(app: FastAPI, *, html_error_page: HtmlErrorPage | None = None) -> None:
    """The error handlers, the sensor page first, then every router of :data:`ROUTERS`."""
    install_error_handlers(app, html_error_page)
    app.add_api_route(pages.SENSOR_PAGE_PATH, pages.sensor_page, methods=["GET", "HEAD"], include_in_schema=False)
    app.router.routes.insert(0, app.router.routes.pop())  # before the OpenAPI and docs routes too
    for router in ROUTERS:
        app.include_router(router)
    install_staff(app)
