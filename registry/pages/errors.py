"""The one HTML error page (same frame as every public page), and the friendly "not found".

``render_error_page`` is what ``registry.errors`` calls for a person's browser.
Nothing from the request is printed unescaped.
"""

from __future__ import annotations

import time
from threading import Lock

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dtpr_core.model import Organisation
from dtpr_store.reads import declared_sensor
from dtpr_store.tables import SensorRow
from registry.pages.i18n import Words
from registry.pages.layout import INDEX_PATH, Frame, esc, html_response, page_locale, render_page, say

_CITY_CONTACT_TTL = 600.0
_city_contact: dict[int, tuple[float, Organisation | None]] = {}
_city_lock = Lock()


def city_contact(engine: Engine) -> Organisation | None:
    """The city's own contact: the first accountable institution with a contact (cached 10 min)."""
    now = time.monotonic()
    with _city_lock:
        cached = _city_contact.get(id(engine))
        if cached and now - cached[0] < _CITY_CONTACT_TTL:
            return cached[1]
    found: Organisation | None = None
    with Session(engine) as session:
        rows = session.exec(
            select(SensorRow).where(SensorRow.declared == True).order_by(col(SensorRow.id)).limit(20)  # noqa: E712
        ).all()
        for row in rows:
            sensor = declared_sensor(row)
            orgs = [org for org in (sensor.accountable if sensor else ()) if org.contact]
            orgs.sort(key=lambda org: org.kind != "institution")
            if orgs:
                found = orgs[0]
                break
    with _city_lock:
        _city_contact[id(engine)] = (now, found)
    return found


def _contact_block(request: Request, words: Words) -> str:
    from registry.pages.sensor_page import _action

    engine = getattr(request.app.state, "engine", None)
    org = city_contact(engine) if engine is not None else None
    if org is None:
        return ""
    items = "".join(_action(action, words, words.locale) for action in org.contact)
    from dtpr_core.locales import pick

    return (
        f"<h2>{say(words, 'city_contact')}</h2><p><strong>{esc(pick(org.name, words.locale))}</strong></p>"
        f'<ul class="contact">{items}</ul>'
    )


def search_box(words: Words, value: str = "") -> str:
    return (
        f'<form method="get" action="{INDEX_PATH}" role="search"><p><label for="q">{say(words, "search_label")}</label>'
        f'<input id="q" name="q" type="search" value="{esc(value)}"></p>'
        f'<input type="hidden" name="lang" value="{esc(words.locale)}">'
        f'<p><button type="submit">{say(words, "search")}</button></p></form>'
    )


def _frame(request: Request, title: str, locale: str) -> Frame:
    settings = request.app.state.settings
    return Frame(title=title, locale=locale, city=settings.public.city_name, urls=request.app.state.urls)


def render_not_found(request: Request, locale: str | None = None) -> Response:
    """The friendly 404 of an unknown, invalid or not-yet-public sensor id."""
    locale = locale or page_locale(request)
    words = Words(locale)
    body = (
        f"<h1>{say(words, 'not_found_title')}</h1><p class='lead'>{say(words, 'not_found')}</p>"
        f"<p>{say(words, 'not_found_help')}</p>{search_box(words)}"
        f'<p><a href="{INDEX_PATH}">{say(words, "nav_index")}</a></p>{_contact_block(request, words)}'
    )
    return html_response(render_page(_frame(request, words("not_found_title"), locale), body), status=404)


def render_error_page(request: Request, status: int, title: str, message: str) -> Response:
    """Any error as an HTML page in the visitor's language (the message is escaped)."""
    try:
        locale = page_locale(request)
        if status == 404 and request.url.path.startswith("/s/"):
            return render_not_found(request, locale)
    except Exception:  # never fail while reporting an error
        locale = "fr"
    words = Words(locale)
    body = (
        f"<h1>{esc(status)} — {esc(title)}</h1><p class='lead' lang='en'>{esc(message)}</p>"
        f'<p><a href="{INDEX_PATH}">{say(words, "error_back")}</a></p>'
    )
    settings = getattr(request.app.state, "settings", None)
    city = settings.public.city_name if settings else ""
    frame = Frame(title=f"{status} — {title}", locale=locale, city=city, urls=request.app.state.urls)
    return html_response(render_page(frame, body), status=status)
