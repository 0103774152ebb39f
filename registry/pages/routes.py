"""HTTP edges of the public pages: sensor page, feedback form, index, inventory.

Mounted first by ``registry.routes``; the router's lifespan runs the page-view flusher.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.convertors import Convertor, register_url_convertor

from dtpr_core.locales import normalise_locale
from dtpr_core.model import SENSOR_ID_RE
from dtpr_store.db import session_scope
from dtpr_store.page_read import PageReader
from dtpr_store.reads import facets, list_sensors
from dtpr_store.writes import add_feedback
from registry.antiabuse import HONEYPOT_FIELD, is_honeypot_filled, same_origin, within_feedback_limit
from registry.deps import SessionDep
from registry.inventory import inventory_rows
from registry.pages.caches import PageCache
from registry.pages.errors import ErrorPages
from registry.pages.feedback_form import FeedbackForm
from registry.pages.i18n import Words
from registry.pages.layout import etag_matches, html_response, not_modified, page_locale, path_of
from registry.pages.lists import (
    PAGE_SIZE,
    IndexFragments,
    IndexQuery,
    index_context,
    index_item,
    inventory_context,
)
from registry.pages.sensor_page import SensorPages
from registry.pages.sensor_view import HISTORY_LINES, PARIS, SensorView, etag
from registry.pages.templating import render_page
from registry.pages.views import PageViewCounter


class SensorIdConvertor(Convertor[str]):
    """``/s/{sensor_id:sensor_id}`` matches valid ids only, so ``/s/X.json`` reaches the API route."""

    regex = SENSOR_ID_RE.pattern.removeprefix("^").removesuffix("$")

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("sensor_id", SensorIdConvertor())


@asynccontextmanager
async def page_views_lifespan(app: Any) -> AsyncIterator[None]:
    """Flush page-view counts in the background while the app runs, and once more at shutdown."""
    counter: PageViewCounter = app.state.page_views
    counter.start()
    try:
        yield
    finally:
        counter.stop()
        reader: PageReader = app.state.page_reader
        await reader.aclose()


router = APIRouter(include_in_schema=False, lifespan=page_views_lifespan)


SENSOR_PAGE_PATH = "/s/{sensor_id:sensor_id}"
"""Served by :func:`sensor_page`, added by ``registry.routes`` to the app's own router (see there)."""


async def read_view(
    request: Request,
    sensor_id: str,
    locale: str,
    *,
    sent: bool = False,
    voted: bool = False,
    form: FeedbackForm | None = None,
) -> SensorView | None:
    """The one read of a sensor page (GET, HEAD, the feedback form shown again): its view, or None."""
    state = request.app.state
    read = await state.page_reader.read(sensor_id, history=HISTORY_LINES)
    if read is None or not read.declared or read.data is None:
        return None
    pages: SensorPages = state.sensor_pages
    return pages.view(read, locale=locale, now=datetime.now(UTC), sent=sent, voted=voted, form=form)


async def sensor_page(request: Request) -> Response:
    """The page a sign's QR code opens.

    ``async`` on purpose: a sync route costs a thread-pool round trip, and under load the
    event loop and the workers queue for the GIL (p99 > 100 ms for a bare route). The work
    here is short and bounded: one read (:class:`PageReader`: a primary-key read and an
    8-row index range; awaited on PostgreSQL, where reads asked for at once share one
    statement) into the page's view, its ETag (a revalidation gets its 304 without
    rendering), then byte joins of the compiled template and mostly cached sections. The
    id comes from ``path_params``: the route's convertor checked it.
    """
    sensor_id: str = request.path_params["sensor_id"]
    state = request.app.state
    locale = page_locale(request, state.settings.public.default_locale)
    query = bool(request.scope["query_string"])
    sent = query and request.query_params.get("sent") == "1"
    voted = query and request.query_params.get("voted") == "1"
    view = await read_view(request, sensor_id, locale, sent=sent, voted=voted)
    if view is None:
        error_pages: ErrorPages = state.error_pages
        return await error_pages.not_found(request, locale)
    tag = etag(view)
    if etag_matches(request, tag):
        return not_modified(tag)
    body = state.sensor_pages.render(view)
    if request.scope["method"] == "GET":  # a HEAD is a link checker or a probe, not a visit
        request.app.state.page_views.hit(view.sensor_id, datetime.now(PARIS).date())
    return html_response(body, cache=True, etag=tag)


@router.post("/s/{sensor_id:sensor_id}/feedback")
async def post_feedback(request: Request, sensor_id: str) -> Response:
    """A passer-by's message. ``async`` for the form and the page read; the write goes to a worker thread.

    Nothing here may block the event loop: a database write waiting for a pooled connection
    (or SQLite's write lock) on the loop froze every request of the registry during a burst.
    """
    state = request.app.state
    default = state.settings.public.default_locale
    error_pages: ErrorPages = state.error_pages
    data = await request.form()
    locale = _form_locale(data.get("lang"), request, default)
    view = await read_view(request, sensor_id, locale)
    if view is None:
        return await error_pages.not_found(request, locale)
    if not same_origin(request):
        return error_pages.forbidden(locale)
    back = path_of(state.urls.sensor_page(sensor_id, _lang_param(locale, default)))
    if is_honeypot_filled(data.get(HONEYPOT_FIELD)):
        return RedirectResponse(_sent(back), status_code=303)  # a robot: answered as if it worked
    if not within_feedback_limit(request):  # a burst: a small page at once, no render of the sensor
        return error_pages.too_many(locale, back)
    form = FeedbackForm.from_fields(dict(data))
    if not form.validate():
        return _form_again(request, view, form, 422)
    fields = {"sensor_id": sensor_id, "message": form.message, "email": form.email or None}
    store = functools.partial(_store_feedback, state.engine, locale=locale, kind=form.kind, **fields)
    await anyio.to_thread.run_sync(store, limiter=state.feedback_writers)
    return RedirectResponse(_sent(back), status_code=303)


def _sent(back: str) -> str:
    """The sensor page saying "thank you" (``sent=1``), at the form."""
    return back + ("&" if "?" in back else "?") + "sent=1#feedback"


def _store_feedback(engine: Engine, **fields: Any) -> None:
    """In a worker thread: one short transaction of its own."""
    with session_scope(engine) as session:
        add_feedback(session, **fields)


def _lang_param(locale: str, default: str) -> str | None:
    return None if locale == default else locale


def _form_locale(value: object, request: Request, default: str) -> str:
    """The form's own ``lang`` field first (the page it was on), then as any page."""
    return normalise_locale(value if isinstance(value, str) else None) or page_locale(request, default)


def _form_again(request: Request, view: SensorView, form: FeedbackForm, status: int) -> Response:
    """The page again, with what the visitor typed and what to fix (same view, same render)."""
    view.form = form
    return html_response(request.app.state.sensor_pages.render(view), status=status)


@router.api_route("/", methods=["GET", "HEAD"])
def index_page(request: Request, session: SessionDep) -> Response:
    """Declared sensors with search and filters (a plain GET form), 50 a page."""
    state = request.app.state
    public = state.settings.public
    locale = page_locale(request, public.default_locale)
    words = Words(locale)
    query = IndexQuery.from_params(request.query_params)
    rows, total = list_sensors(session, query.filters(), limit=PAGE_SIZE, offset=(query.page - 1) * PAGE_SIZE)
    cache: PageCache = state.page_cache
    found = cache.facets.get(lambda: facets(session))
    fragments: IndexFragments = state.index_fragments
    lines = [
        fragments.line(index_item(row, words, state.urls, public.default_locale, cache.parsed), words) for row in rows
    ]
    filters = fragments.filters(query, words, found)
    context = index_context(lines, filters, total, query, words, state.urls, public.default_locale, public.city_name)
    body = render_page(state.templates, "index.html", words, city=public.city_name, urls=state.urls, **context)
    return html_response(body, cache=True)


@router.api_route("/inventory", methods=["GET", "HEAD"])
def inventory_page(request: Request, session: SessionDep) -> Response:
    """« Cartographie des données personnelles »: sensors collecting personal data, for the DPO."""
    state = request.app.state
    public = state.settings.public
    locale = page_locale(request, public.default_locale)
    words = Words(locale)
    rows = inventory_rows(session, locale, state.page_cache.parsed)
    context = inventory_context(rows, words, state.urls, public.default_locale, public.city_name)
    body = render_page(state.templates, "inventory.html", words, city=public.city_name, urls=state.urls, **context)
    return html_response(body, cache=True)
