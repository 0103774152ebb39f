""" "Did this page help?": two buttons at the end of a sensor page, a plain form POST.

No cookie, no JavaScript, nothing about the visitor kept: the answer adds one to a
counter of the sensor and the day (Paris time). Cross-site posts are refused like the
feedback form's; over ``DTPR_API__VOTES_PER_MINUTE`` from one connection (a salted hash
kept in memory only) the answer is not counted, and the visitor is thanked all the same.
``async`` for the form; the read and the write go to a worker thread (never on the event loop).
"""

from __future__ import annotations

import functools
from datetime import date, datetime

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.locales import normalise_locale
from dtpr_store.db import session_scope
from dtpr_store.reads import get_sensor_row
from dtpr_store.writes import add_page_vote
from registry.antiabuse import client_address, same_origin, vote_limiter
from registry.pages.errors import ErrorPages
from registry.pages.layout import page_locale, path_of
from registry.pages.sensor_view import PARIS

router = APIRouter(include_in_schema=False)

ANSWERS = {"yes": True, "no": False}
FORM_FIELD = "helpful"
"""The buttons' ``name``; their values are the keys of :data:`ANSWERS`."""
ANCHOR = "helpful"


def thanks_url(request: Request, sensor_id: str, locale: str) -> str:
    default = request.app.state.settings.public.default_locale
    back = path_of(request.app.state.urls.sensor_page(sensor_id, None if locale == default else locale))
    return back + ("&" if "?" in back else "?") + f"voted=1#{ANCHOR}"


@router.post("/s/{sensor_id:sensor_id}/helpful")
async def post_vote(request: Request, sensor_id: str) -> Response:
    state = request.app.state
    data = await request.form()
    lang = data.get("lang")
    locale = normalise_locale(lang if isinstance(lang, str) else None) or page_locale(
        request, state.settings.public.default_locale
    )
    error_pages: ErrorPages = state.error_pages
    if not await anyio.to_thread.run_sync(_is_public, state.engine, sensor_id):
        return await error_pages.not_found(request, locale)
    if not same_origin(request):
        return error_pages.forbidden(locale)
    answer = data.get(FORM_FIELD)
    if not isinstance(answer, str) or answer not in ANSWERS:
        return await error_pages.error(request, 422, "Choose one of the two buttons: yes or no.")
    if vote_limiter(request).allow(client_address(request)):
        day = datetime.now(PARIS).date()
        await anyio.to_thread.run_sync(functools.partial(_store_vote, state.engine, sensor_id, day, ANSWERS[answer]))
    return RedirectResponse(thanks_url(request, sensor_id, locale), status_code=303)


def _is_public(engine: Engine, sensor_id: str) -> bool:
    """In a worker thread: the sensor is declared (its page exists)."""
    with Session(engine) as session:
        row = get_sensor_row(session, sensor_id)
        return row is not None and row.declared and row.data is not None


def _store_vote(engine: Engine, sensor_id: str, day: date, helpful: bool) -> None:
    """In a worker thread: one short transaction of its own."""
    with session_scope(engine) as session:
        add_page_vote(session, sensor_id=sensor_id, day=day, helpful=helpful)
