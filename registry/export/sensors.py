"""A sensor's files in the exported site: its page in every language, JSON twin, datachain.

The page and the twin are rendered from the live routes' own view (:class:`SensorView`) of
the live routes' own read (:class:`~dtpr_store.page_read.PageReader`), so a file written here
is, byte for byte, what ``GET /s/<id>?lang=<locale>`` and ``GET /s/<id>.json`` answer for the
same data at the same minute. A copy with no service behind it is the same render on a site
that says so (``make_pages(..., service=False)``: the feedback section's other template).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from fastapi.responses import JSONResponse

from dtpr_core.locales import LOCALES
from dtpr_core.urls import Urls
from dtpr_store.caches import ParsedSensors
from dtpr_store.page_read import SensorPageRead
from dtpr_store.tables import SensorRow
from registry.pages import Pages
from registry.pages.layout import etag_of
from registry.pages.sensor_twin import twin_body
from registry.pages.sensor_view import HISTORY_LINES, HTML, JSON, SensorView, etag
from registry.public.twins import sensor_instance

__all__ = [
    "HISTORY_LINES",
    "PageSettings",
    "page_stamp",
    "sensor_instance_file",
    "sensor_pages",
    "sensor_twin",
    "sensor_view",
]


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


def page_stamp(view: SensorView) -> str:
    """What a sensor's page and twin are made of, but the clock: unchanged stamp, unchanged files.

    Both ETags of the view, with "last heard" (which moves with every message a device sends)
    left out: a static copy's line is as of the export that wrote it (the live page is always
    current). Every other field is in, by construction.
    """
    still = dataclasses.replace(
        view,
        state=view.state._replace(last_heard=None, silent=False),
        record=view.record._replace(last_seen=None),
    )
    return etag_of(etag(still, HTML), etag(still, JSON)).strip('"')


def sensor_view(read: SensorPageRead, settings: PageSettings, now: datetime) -> SensorView:
    """The live routes' view of *read* at *now* (in the default language): made once for all its files."""
    return settings.pages.sensor_pages.view(read, locale=settings.default_locale, now=now)


def sensor_pages(view: SensorView, settings: PageSettings) -> dict[str, bytes]:
    """The page in every language."""
    renderer = settings.pages.sensor_pages
    return {locale: renderer.render(dataclasses.replace(view, locale=locale)) for locale in LOCALES}


def sensor_twin(view: SensorView) -> bytes:
    """``/s/<id>.json``: the live route's body, serialised alike."""
    return bytes(JSONResponse(twin_body(view)).body)


def sensor_instance_file(row: SensorRow, parsed: ParsedSensors) -> bytes:
    """The datachain instance: the live route's body, serialised alike."""
    return bytes(JSONResponse(sensor_instance(row, parsed)).body)
