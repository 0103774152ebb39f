"""Which routers the registry serves (and the error handlers), in one place.

Order matters: FastAPI matches routes in order, so the JSON twins (``/s/{id}.json``)
come before the HTML pages (``/s/{id}``).
"""

from __future__ import annotations

import importlib
import logging

from fastapi import APIRouter, FastAPI

from registry import dtpr_api, exports, signs
from registry.api import bulk, feedback, public_json, sensors, staff, tokens
from registry.api import signs as api_signs
from registry.errors import install_error_handlers

log = logging.getLogger("dtpr.registry")

health = APIRouter(tags=["health"])


@health.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, bool]:
    return {"ok": True}


OPTIONAL_ROUTERS = ("registry.pages.routes",)
"""Routers of the HTML pages, mounted when present (built in parallel by another team)."""


def install(app: FastAPI) -> None:
    """Mount every router; each module exposes ``router``."""
    install_error_handlers(app)
    app.include_router(health)
    app.include_router(public_json.router)
    app.include_router(bulk.router)
    for module in (sensors, feedback, staff, api_signs, tokens):
        app.include_router(module.router)
    app.include_router(dtpr_api.router)
    app.include_router(exports.router)
    app.include_router(signs.router)
    for name in OPTIONAL_ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is None or not name.startswith(error.name):
                log.exception("%s could not be imported; its pages are not served", name)
            continue
        except Exception:  # a page module in progress must never take the API down
            log.exception("%s could not be imported; its pages are not served", name)
            continue
        app.include_router(module.router)
