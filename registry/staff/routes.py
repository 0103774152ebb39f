"""The console's modules, in one place: each exposes ``router`` (made by ``staff_router()``)."""

from __future__ import annotations

from fastapi import FastAPI

from registry.staff import (
    accounts,
    dashboard,
    devices,
    feedback,
    history,
    imports,
    indicators,
    login,
    print_centre,
    quarantine,
    sensors,
)
from registry.staff import map as staff_map

MODULES = (
    login,
    dashboard,
    feedback,
    indicators,
    accounts,
    print_centre,
    devices,
    quarantine,
    history,
    sensors,
    imports,
    staff_map,
)


def install_staff(app: FastAPI) -> None:
    """Mount every console module under ``/staff``."""
    for module in MODULES:
        app.include_router(module.router)
