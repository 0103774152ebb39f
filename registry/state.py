"""What one registry app holds: :class:`RegistryState`, built by ``create_app`` and set as ``app.state``.

Every cache, counter, limiter and worker pool of an app is made here, once, when the app is
made (nothing on first request): a route reads ``request.app.state.<field>``. The dataclass
has slots, so an attribute that is not a field below cannot be set on it by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from jinja2 import Environment
from sqlalchemy import Engine

from dtpr_core.settings import Settings
from dtpr_core.urls import Urls
from dtpr_store.page_read import PageReader
from registry.antiabuse import RateLimiter
from registry.errors import HtmlErrorPage
from registry.map.files import MapFilesCache
from registry.outbox import Outbox
from registry.pages import Pages
from registry.pages.caches import PageCache
from registry.pages.errors import ErrorPages
from registry.pages.lists import IndexFragments
from registry.pages.sensor_page import SensorPages
from registry.pages.views import PageViewCounter
from registry.public.sign_renders import SignRenders
from registry.staff.print_jobs import PrintJobs
from registry.staff.throttle import SignInThrottle

SignRenderer = Callable[..., bytes]
"""``render_sign(sensor, options, fmt) -> bytes``, injected by the CLI (the registry never imports signage)."""

FEEDBACK_WRITERS = 4
"""Feedback writes in flight at once (fewer than the database pool's connections)."""
MAP_FILES_SECONDS = 60.0
"""The public map's files are read again at most once a minute (as the index's facets)."""


@dataclass(slots=True, eq=False)
class RegistryState:
    """Everything one app shares between its requests (``app.state``), dropped with the app."""

    settings: Settings
    engine: Engine
    urls: Urls
    page_reader: PageReader
    """The sensor page's read (:mod:`dtpr_store.page_read`), closed by the pages' lifespan."""
    templates: Environment
    page_cache: PageCache
    sensor_pages: SensorPages
    error_pages: ErrorPages
    index_fragments: IndexFragments
    page_views: PageViewCounter
    """Buffered page-view counts, flushed by the pages' lifespan."""
    feedback_limiter: RateLimiter
    """Messages per client a minute (``DTPR_API__FEEDBACK_PER_MINUTE``)."""
    vote_limiter: RateLimiter
    """"Did this page help?" answers per client a minute (``DTPR_API__VOTES_PER_MINUTE``)."""
    feedback_writers: anyio.CapacityLimiter
    """At most :data:`FEEDBACK_WRITERS` feedback writes at once: a burst waits here, not in the shared thread pool."""
    staff_throttle: SignInThrottle
    map_files: MapFilesCache
    """The public map's data and background (``/carte/…``), rebuilt off-request at most every :data:`MAP_FILES_SECONDS`."""
    print_jobs: PrintJobs
    outbox: Outbox
    """The answers' mail worker (:mod:`registry.outbox`), run by the app's lifespan."""
    """The print centre's job runner (its threads start with the first job; shut down by the housekeeping lifespan)."""
    sign_renders: SignRenders
    """Drawn signs by content and the limit on signs drawn at once (:mod:`registry.public.sign_renders`)."""
    sign_renderer: SignRenderer | None = None
    sign_batch: Any | None = None
    """``signage.batch.SignBatch`` for the print centre, injected by the CLI."""
    html_error_page: HtmlErrorPage | None = None
    """Set by ``install_error_handlers``."""


def make_state(
    settings: Settings, engine: Engine, pages: Pages, *, sign_renderer: SignRenderer | None, sign_batch: Any | None
) -> RegistryState:
    """Every cache, counter and limiter of one app, made empty."""
    staff, signs = settings.staff, settings.signs
    return RegistryState(
        settings=settings,
        engine=engine,
        urls=settings.public.urls,
        page_reader=PageReader(settings.database.url),
        templates=pages.templates,
        page_cache=pages.cache,
        sensor_pages=pages.sensor_pages,
        error_pages=pages.error_pages,
        index_fragments=pages.index,
        page_views=PageViewCounter(engine),
        feedback_limiter=RateLimiter(settings.api.feedback_per_minute),
        vote_limiter=RateLimiter(settings.api.votes_per_minute),
        feedback_writers=anyio.CapacityLimiter(FEEDBACK_WRITERS),
        staff_throttle=SignInThrottle(staff.sign_in_failures_per_account, staff.sign_in_failures_per_client),
        map_files=MapFilesCache(MAP_FILES_SECONDS),
        print_jobs=PrintJobs(
            engine,
            sign_batch,
            Path(signs.job_dir),
            workers=signs.job_workers,
            keep_hours=signs.job_keep_hours,
            parsed=pages.cache.parsed,
        ),
        outbox=Outbox(engine, settings),
        sign_renders=SignRenders(
            running=signs.render_workers, waiting=signs.render_queue, cache_bytes=signs.render_cache_mb * 2**20
        ),
        sign_renderer=sign_renderer,
        sign_batch=sign_batch,
    )


__all__ = ["FEEDBACK_WRITERS", "RegistryState", "SignRenderer", "make_state"]
