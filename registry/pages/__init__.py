"""The public HTML pages of the registry: sensor page, feedback form, index, inventory, errors.

``registry.routes`` mounts ``registry.pages.routes.router``; the router carries its own
lifespan (FastAPI merges it into the app's), which starts the page-view flusher and
writes the last counts at shutdown.
"""

from __future__ import annotations

from registry.pages.errors import render_error_page
from registry.pages.views import PageViewCounter

__all__ = ["PageViewCounter", "render_error_page"]
