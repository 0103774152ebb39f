"""The public HTML pages of the registry: sensor page, feedback form, index, inventory, errors.

``registry.routes`` mounts ``registry.pages.routes.router``; the router carries its own
lifespan (FastAPI merges it into the app's), which starts the page-view flusher and
writes the last counts at shutdown. ``install(app)`` does the same for another app.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from registry.pages.errors import render_error_page
from registry.pages.views import PageViewCounter

__all__ = ["PageViewCounter", "install", "render_error_page", "router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from registry.pages.routes import router

        return router
    raise AttributeError(name)


def install(app: FastAPI) -> None:
    """Mount the public pages (and their page-view lifespan) on *app*."""
    from registry.pages.routes import router

    app.include_router(router)
