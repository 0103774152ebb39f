"""HTTP edges of the public pages: sensor page, feedback form, index, inventory.

Mounted first by ``registry.routes``; the router's lifespan runs the page-view flusher.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.convertors import Convertor, register_url_convertor

from dtpr_core.model import SENSOR_ID_RE
from dtpr_store.page_read import PageReader
from dtpr_store.reads import declared_sensor, get_sensor_row, sensor_history
from dtpr_store.tables import SensorRow
from dtpr_store.writes import add_feedback
from registry.antiabuse import HONEYPOT_FIELD, check_feedback, same_origin
from registry.deps import SessionDep
from registry.errors import TooManyRequests
from registry.pages.caches import stored_sensor
from registry.pages.errors import render_not_found
from registry.pages.feedback_form import FeedbackForm
from registry.pages.i18n import Words
from registry.pages.icons import warm
from registry.pages.layout import (
    esc,
    etag_matches,
    etag_of,
    html_response,
    not_modified,
    page_locale,
    path_of,
    render_page,
)
from registry.pages.sensor_page import PARIS, SensorContext, render_sensor_document
from registry.pages.views import PageViewCounter


class SensorIdConvertor(Convertor[str]):
    """``/s/{sensor_id:sensor_id}`` matches valid ids only, so ``/s/X.json`` reaches the API route."""

    regex = SENSOR_ID_RE.pattern.removeprefix("^").removesuffix("$")

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("sensor_id", SensorIdConvertor())
warm()

HISTORY_LINES = 8


@asynccontextmanager
async def page_views_lifespan(app: Any) -> AsyncIterator[None]:
    """Flush page-view counts in the background while the app runs, and once more at shutdown."""
    counter: PageViewCounter | None = getattr(app.state, "page_views", None)
    if counter is None and getattr(app.state, "engine", None) is not None:
        counter = app.state.page_views = PageViewCounter(app.state.engine)
    if counter is not None:
        counter.start()
    try:
        yield
    finally:
        if counter is not None:
            counter.stop()
        reader: PageReader | None = getattr(app.state, "page_reader", None)
        if reader is not None:
            await reader.aclose()


router = APIRouter(include_in_schema=False, lifespan=page_views_lifespan)


def page_views(request: Request) -> PageViewCounter:
    """The app's page-view counter, created on first use."""
    state = request.app.state
    counter: PageViewCounter | None = getattr(state, "page_views", None)
    if counter is None:
        counter = PageViewCounter(state.engine)
        state.page_views = counter
    return counter


def _public_row(session: SessionDep, sensor_id: str) -> SensorRow | None:
    row = get_sensor_row(session, sensor_id)
    return row if row is not None and row.declared and row.data is not None else None


def _context(request: Request, session: SessionDep, row: SensorRow, locale: str, now: datetime) -> SensorContext:
    sensor = declared_sensor(row)
    assert sensor is not None
    return SensorContext(
        row=row,
        sensor=sensor,
        history=sensor_history(session, row.id, limit=HISTORY_LINES),
        locale=locale,
        city=request.app.state.settings.public.city_name,
        urls=request.app.state.urls,
        now=now,
        sign_available=getattr(request.app.state, "sign_renderer", None) is not None,
    )


SENSOR_PAGE_PATH = "/s/{sensor_id:sensor_id}"
"""Served by :func:`sensor_page`, added by ``registry.routes`` to the app's own router (see there)."""


async def sensor_page(request: Request) -> Response:
    """The page a sign's QR code opens.

    ``async`` on purpose: a sync route costs a thread-pool round trip, and under load the
    event loop and the workers queue for the GIL (p99 > 100 ms for a bare route). The work
    here is short and bounded: one read (:class:`PageReader`: a primary-key read and an
    8-row index range; awaited on PostgreSQL, where reads asked for at once share one
    statement), then byte joins of mostly cached pieces (``registry.pages.caches``, the page
    shell, state and history lines): ~0.1 ms, less than a cache of whole pages would cost
    for pages seldom asked twice. The ETag comes from what the page is made of, so a
    revalidation gets its 304 without rendering. The id comes from ``path_params``: the
    route's convertor checked it.
    """
    sensor_id: str = request.path_params["sensor_id"]
    state = request.app.state
    public, urls, signs = state.settings.public, state.urls, state.sign_renderer is not None
    locale = page_locale(request, public.default_locale)
    read = await state.page_reader.read(sensor_id, history=HISTORY_LINES)
    if read is None or not read.declared or read.data_json is None:
        return render_not_found(request, locale)
    now = datetime.now(UTC)
    sent = bool(request.scope["query_string"]) and request.query_params.get("sent") == "1"
    seen = int(read.last_seen.timestamp()) // 60 if read.last_seen else None
    minute = int(now.timestamp()) // 60  # "last heard 5 minutes ago" changes by the minute
    etag = etag_of(
        read.id,
        zlib.crc32(read.data_json.encode()),  # its stored JSON: any change of it also brings a new history_seq
        read.history_seq,
        read.status,
        read.updated_at.timestamp(),
        read.drift and repr(read.drift),
        seen,
        read.online,
        minute,
        locale,
        sent,
        public.city_name,
        urls.base_url,
        signs,
    )
    if etag_matches(request, etag):
        return not_modified(etag)
    stored = stored_sensor(read.id, read.data_json)
    ctx = SensorContext(
        row=read,
        sensor=stored.sensor,
        history=read.history,
        locale=locale,
        city=public.city_name,
        urls=urls,
        now=now,
        sign_available=signs,
        chain_key=stored.chain_key,
    )
    body = render_sensor_document(ctx, sent=sent)
    if request.scope["method"] == "GET":  # a HEAD is a link checker or a probe, not a visit
        page_views(request).hit(read.id, now.astimezone(PARIS).date())
    return html_response(body, cache=True, etag=etag)


@router.post("/s/{sensor_id:sensor_id}/feedback")
async def post_feedback(request: Request, sensor_id: str, session: SessionDep) -> Response:
    data = await request.form()
    locale = page_locale(request) if not data.get("lang") else _form_locale(data.get("lang"), request)
    row = _public_row(session, sensor_id)
    if row is None:
        return render_not_found(request, locale)
    if not same_origin(request):
        return _forbidden(request, locale)
    form = FeedbackForm.from_fields(dict(data))
    urls = request.app.state.urls
    back = path_of(urls.sensor_page(sensor_id, None if locale == "fr" else locale))
    back += ("&" if "?" in back else "?") + "sent=1#feedback"
    try:
        if not check_feedback(request, data.get(HONEYPOT_FIELD)):
            return RedirectResponse(back, status_code=303)  # a robot: answered as if it worked
    except TooManyRequests:
        form.errors = {"rate": "err_rate"}
        return _form_again(request, session, row, locale, form, 429)
    if not form.validate():
        return _form_again(request, session, row, locale, form, 422)
    add_feedback(
        session, sensor_id=sensor_id, message=form.message, email=form.email or None, locale=locale, kind=form.kind
    )
    session.commit()  # explicit: add_feedback flushes, and a flushed session no longer looks "new"
    return RedirectResponse(back, status_code=303)


def _form_locale(value: object, request: Request) -> str:
    from dtpr_core.locales import normalise_locale

    return normalise_locale(value if isinstance(value, str) else None) or page_locale(request)


def _form_again(
    request: Request, session: SessionDep, row: SensorRow, locale: str, form: FeedbackForm, status: int
) -> Response:
    ctx = _context(request, session, row, locale, datetime.now(UTC))
    return html_response(render_sensor_document(ctx, form=form), status=status)


def _forbidden(request: Request, locale: str) -> Response:
    from registry.pages.layout import Frame, say

    words = Words(locale)
    settings = request.app.state.settings
    frame = Frame(title="403", locale=locale, city=settings.public.city_name, urls=request.app.state.urls)
    body = f"<h1>403</h1><p class='lead'>{say(words, 'forbidden_origin')}</p><p><a href='/'>{esc(words('nav_index'))}</a></p>"
    return html_response(render_page(frame, body), status=403)


@router.api_route("/", methods=["GET", "HEAD"])
def index_page(request: Request, session: SessionDep) -> Response:
    """Declared sensors with search and filters (a plain GET form), 50 a page."""
    from dtpr_store.reads import list_sensors
    from registry.pages.lists import PAGE_SIZE, IndexQuery, cached_facets, render_index

    locale = page_locale(request, request.app.state.settings.public.default_locale)
    query = IndexQuery.from_params(request.query_params)
    rows, total = list_sensors(session, query.filters(), limit=PAGE_SIZE, offset=(query.page - 1) * PAGE_SIZE)
    found = cached_facets(session, request.app.state.engine)
    state = request.app.state
    html = render_index(rows, total, query, Words(locale), state.urls, state.settings.public.city_name, found)
    return html_response(html, cache=True)


@router.api_route("/inventory", methods=["GET", "HEAD"])
def inventory_page(request: Request, session: SessionDep) -> Response:
    """« Cartographie des données personnelles »: sensors collecting personal data, for the DPO."""
    from registry.inventory import inventory_rows
    from registry.pages.lists import render_inventory

    locale = page_locale(request, request.app.state.settings.public.default_locale)
    state = request.app.state
    rows = inventory_rows(session, locale)
    return html_response(render_inventory(rows, Words(locale), state.urls, state.settings.public.city_name), cache=True)
