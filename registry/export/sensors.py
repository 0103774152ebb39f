"""A sensor's files in the exported site: its page in every language, JSON twin, datachain.

The page is rendered by the live route's own function from the live route's own read
(:class:`~dtpr_store.page_read.PageReader`), so a page written here is, byte for byte, what
``GET /s/<id>?lang=<locale>`` answers for the same data at the same minute.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fastapi.responses import JSONResponse

from dtpr_core.locales import LOCALES, LocalText, pick, picked_locale
from dtpr_core.model import Organisation
from dtpr_core.urls import Urls
from dtpr_store.caches import ParsedSensors
from dtpr_store.page_read import SensorPageRead
from dtpr_store.tables import RevisionRow, SensorRow
from registry.pages import Pages
from registry.pages.i18n import Words
from registry.pages.layout import esc, lang_attr, say
from registry.pages.routes import HISTORY_LINES
from registry.public.twins import TWIN_HISTORY, sensor_instance, sensor_twin

__all__ = ["HISTORY_LINES", "TWIN_HISTORY", "PageSettings", "page_stamp", "sensor_pages", "sensor_json_files"]

_FEEDBACK = re.compile(rb'<section id="feedback".*?</form></section>', re.DOTALL)
_HELPFUL = re.compile(rb'<section id="helpful".*?</section>', re.DOTALL)
"""The "did this page help?" buttons: they post to the service, so a copy without one drops them."""
_NO_SERVICE: LocalText = {
    "fr": "Le formulaire n’est pas disponible sur cette copie du site\u202f: écrivez ou appelez.",
    "en": "The form is not available on this copy of the site: write or call.",
    "es": "El formulario no está disponible en esta copia del sitio: escriba o llame.",
    "pt": "O formulário não está disponível nesta cópia do site: escreva ou ligue.",
}


@dataclass(frozen=True, slots=True)
class PageSettings:
    """What every page of one export shares (the live app keeps the same on ``app.state``)."""

    pages: Pages
    """The live app's page renderers, made from the same settings (:func:`registry.pages.make_pages`)."""
    city: str
    urls: Urls
    default_locale: str
    """The language of ``/s/<id>`` when the visitor asks for none (``DTPR_PUBLIC__DEFAULT_LOCALE``)."""
    service: bool = True
    """The feedback form posts to the live service (same origin); else the postal and phone contact."""


def page_stamp(read: SensorPageRead) -> str:
    """What a sensor's static files are made of, but the clock: unchanged stamp, unchanged files.

    "Last heard" moves with every message a device sends, so it is left out: a static copy's
    line is as of the export that wrote it (the live page is always current).
    """
    drift = repr(read.drift) if read.drift else ""
    return f"{read.revision}:{read.history_seq}:{read.status}:{read.online}:{read.updated_at.timestamp()}:{drift}"


def sensor_pages(read: SensorPageRead, settings: PageSettings, now: datetime) -> dict[str, bytes]:
    """The page of *read* in every language: the live route's view and render at *now*."""
    renderer = settings.pages.sensor_pages
    shown = renderer.view(read, locale=settings.default_locale, now=now)  # the read made a view once
    pages = {}
    for locale in LOCALES:
        view = dataclasses.replace(shown, locale=locale)
        body = renderer.render(view)
        pages[locale] = body if settings.service else _without_service(body, view.sensor.accountable, locale)
    return pages


def sensor_json_files(
    row: SensorRow, urls: Urls, revisions: Sequence[RevisionRow], parsed: ParsedSensors
) -> tuple[bytes, bytes]:
    """(the ``.json`` twin, the datachain instance): the live routes' bodies, serialised alike."""
    twin = bytes(JSONResponse(sensor_twin(row, urls, revisions)).body)
    return twin, bytes(JSONResponse(sensor_instance(row, parsed)).body)


def _without_service(page: bytes, organisations: Sequence[Organisation], locale: str) -> bytes:
    """The feedback form replaced by the organisations' postal addresses and phone numbers; no buttons."""
    words = Words(locale)
    lines = [
        f"<li>{say(words, action.type)}{words.colon} {esc(action.target)}</li>"
        for org in organisations
        for action in (*org.contact, *org.data_protection)
        if action.type in ("postal", "phone")
    ]
    text = pick(_NO_SERVICE, locale)
    said = lang_attr(picked_locale(_NO_SERVICE, locale), locale)
    section = (
        f'<section id="feedback" aria-labelledby="feedback-h"><h2 id="feedback-h">{say(words, "feedback")}</h2>'
        f"<p{said}>{esc(text)}</p><ul class='contact'>{''.join(dict.fromkeys(lines))}</ul></section>"
    )
    return _HELPFUL.sub(b"", _FEEDBACK.sub(lambda _match: section.encode(), page, count=1), count=1)
