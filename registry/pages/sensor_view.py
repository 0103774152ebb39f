"""A sensor's public facts as one unit: the stored sensor read once into a :class:`SensorView`.

The view is rendered as the HTML page (``sensor_page``), as its ``.json`` twin
(``sensor_twin``) and by the static export. Each field says which of the two shows it
(:data:`HTML`, :data:`JSON`): :func:`etag` of a format is made of every field that format
shows, so it changes whenever anything shown changes. Adding a fact is a field of the read
(``dtpr_store.sensor_read``), a field here (filled in :func:`build_view`) and a line in a
template of ``templates/sensor/`` (or of the twin).

The page's fields hold what is *shown* (a date, not the moment; "5 minutes ago", not the
second), so a revalidation still gets its ``304`` until the page really changes; the twin's
(:class:`Record`) hold the stored values, as the twin writes them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from dtpr_core.lorawan import SILENT_AFTER_INTERVALS
from dtpr_core.model import Sensor
from dtpr_core.notice import SupervisoryAuthority, privacy_notice
from dtpr_core.notice_text import NoticeRow, page_rows
from dtpr_core.times import as_utc
from dtpr_store.page_read import HistoryLine, SensorPageRead
from registry.pages.caches import PageCache, content_key
from registry.pages.chain import Chain
from registry.pages.feedback_form import FeedbackForm
from registry.pages.layout import etag_of
from registry.pages.site import Site

PARIS = ZoneInfo("Europe/Paris")
HTML, JSON = "html", "json"
"""The view's renderings: the page and its ``.json`` twin."""
HISTORY_LINES = 8
"""Revisions a sensor's page and its twin show, latest first (the full history: ``/api/v1/sensors/{id}/history``)."""
DERIVED: dict[str, tuple[str, ...]] = {"shown": ()}
"""Field metadata: computed from other fields of the view (which are in the ETags)."""
BOTH: dict[str, tuple[str, ...]] = {"shown": (HTML, JSON)}
ONLY_JSON: dict[str, tuple[str, ...]] = {"shown": (JSON,)}


class Revision(NamedTuple):
    """One line of the page's history: the day (Europe/Paris), what changed, where from."""

    day: date
    kind: str
    source: str


class StateFacts(NamedTuple):
    """The page's state section: one value per line it shows."""

    status: str
    last_heard: timedelta | None
    """Time since the device was last heard, rounded down to what the page says (None: never)."""
    online: bool | None
    updated_on: date
    installed_on: date | None
    silent: bool = False
    """Its LoRaWAN device has been unheard for three reporting intervals (``silent_sensors``)."""


class Notices(NamedTuple):
    """The notices above the summary."""

    retired: bool
    retired_on: date | None
    drift: tuple[str, ...]


class Privacy(NamedTuple):
    """What the page's second layer (GDPR art. 13) is made of: the shared part, the sensor's own
    words (its purposes come first) and the complaint authority."""

    chain: Chain
    description: str
    authority: SupervisoryAuthority


class Record(NamedTuple):
    """What the ``.json`` twin shows of the stored row, as stored (the register JSON, exact times, device facts)."""

    data: str
    """The stored register JSON, as text."""
    revision: int
    status: str
    personal_data: str
    online: bool | None
    last_seen: datetime | None
    updated_at: datetime
    declared_at: datetime | None
    device: str | None
    """The device's announced facts, as stored JSON text."""
    drift: str | None
    history: tuple[HistoryLine, ...]


@dataclasses.dataclass(slots=True)  # not frozen: made for each page view, and a frozen dataclass is 2.5x slower to make
class SensorView:
    """Everything the sensor page and its twin show, and nothing else (each field: who shows it)."""

    sensor_id: str = dataclasses.field(metadata=BOTH)
    locale: str
    site: Site = dataclasses.field(metadata=BOTH)
    content: str
    """SHA-256 of the stored register JSON without its id: names every fact the register holds about the sensor."""
    state: StateFacts
    drift: tuple[str, ...]
    """Elements the device announces and the sign does not show."""
    history: tuple[Revision, ...]
    sent: bool = False
    """The visitor just sent a message (``?sent=1``): the form thanks them."""
    voted: bool = False
    """The visitor just said whether the page helped (``?voted=1``): the buttons thank them."""
    form: FeedbackForm | None = None
    """The feedback form shown again with what the visitor typed and its errors."""
    sensor: Sensor = dataclasses.field(default=None, metadata=DERIVED)  # type: ignore[assignment]
    """The stored JSON :attr:`content` names, parsed (shared by the sensors stored alike: take the id from :attr:`sensor_id`)."""
    chain: Chain = dataclasses.field(default=None, metadata=DERIVED)  # type: ignore[assignment]
    record: Record = dataclasses.field(default=None, metadata=ONLY_JSON)  # type: ignore[assignment]


SHOWN_IN = {
    fmt: tuple(f.name for f in dataclasses.fields(SensorView) if fmt in f.metadata.get("shown", (HTML,)))
    for fmt in (HTML, JSON)
}
"""The fields each rendering shows (a field says it in its metadata; the page's by default)."""
ETAG_FIELDS = SHOWN_IN[HTML]


def etag(view: SensorView, rendering: str = HTML) -> str:
    """A strong validator made of every field *rendering* shows (:data:`SHOWN_IN`) and the version."""
    made_of = [getattr(view, name) for name in SHOWN_IN[rendering]]
    return etag_of(*made_of) if rendering == HTML else etag_of(rendering, *made_of)


class Shown(NamedTuple):
    """What a page shows of its stored content: the same for every page of that content in a language.

    Made from a view by :func:`shown`; a section or text made from it alone may be cached by
    ``(view.content, view.locale)`` (the content names the sensor, the site is the app's).
    """

    sensor: Sensor
    chain: Chain
    locale: str
    site: Site


def shown(view: SensorView) -> Shown:
    return Shown(view.sensor, view.chain, view.locale, view.site)


def privacy(content: Shown) -> Privacy:
    # the sensor's own words in the reader's language only: the second layer's rows carry no ``lang``
    own = content.sensor.description.get(content.locale, "")
    return Privacy(content.chain, own, content.site.authority)


def privacy_rows(part: Privacy, locale: str) -> tuple[NoticeRow, ...]:
    """The rows of the second layer (empty when the sensor collects no personal data)."""
    sensor = dataclasses.replace(part.chain.sensor, description={locale: part.description} if part.description else {})
    notice = privacy_notice(sensor, locale, part.authority)
    return page_rows(notice) if notice is not None else ()


def notices(view: SensorView) -> Notices:
    retired = view.sensor.status == "retired" or view.state.status == "retired"
    return Notices(retired, view.sensor.retired_on if retired else None, view.drift)


def shown_age(then: datetime, now: datetime) -> timedelta:
    """``now - then`` rounded down to the unit the page says it in (days, hours, minutes; 0 under a minute)."""
    seconds = max(0, int((now - as_utc(then)).total_seconds()))
    for size in (86_400, 3_600, 60):
        if seconds >= size:
            return timedelta(seconds=seconds - seconds % size)
    return timedelta(0)


def is_silent(last_seen: datetime | None, interval: int | None, now: datetime) -> bool:
    """Unheard for :data:`SILENT_AFTER_INTERVALS` reporting intervals (as ``silent_sensors`` says it)."""
    if last_seen is None or not interval:
        return False
    return now - as_utc(last_seen) >= timedelta(seconds=interval * SILENT_AFTER_INTERVALS)


def paris_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(PARIS).date()


def build_view(
    read: SensorPageRead,
    *,
    locale: str,
    site: Site,
    cache: PageCache,
    now: datetime,
    sent: bool = False,
    voted: bool = False,
    form: FeedbackForm | None = None,
) -> SensorView:
    """The view of a declared sensor's stored row (:class:`SensorPageRead`) in one language.

    Usable outside a request (the static export): the same read, settings and moment give
    the same view, hence the same page. Raises :class:`ValueError` when the row is not public.
    """
    if not read.declared or read.data is None:
        raise ValueError(f"sensor {read.id} is not declared: it has no public page")
    stored = cache.stored_sensor(read.id, content_key(read.id, read.data))
    sensor = stored.sensor
    state = StateFacts(
        status=read.status,
        last_heard=shown_age(read.last_seen, now) if read.last_seen is not None else None,
        online=read.online if read.last_seen is not None else None,
        updated_on=paris_day(read.updated_at),
        installed_on=sensor.installed_on,
        silent=is_silent(read.last_seen, read.reporting_interval, now),
    )
    return SensorView(
        sensor_id=read.id,
        locale=locale,
        site=site,
        content=stored.digest,
        state=state,
        drift=_drift(read.drift),
        history=_history(read.history),
        sent=sent,
        voted=voted,
        form=form,
        sensor=sensor,
        chain=stored.chain,
        record=_record(read),
    )


def _record(read: SensorPageRead) -> Record:
    assert read.data is not None
    return Record(
        read.data,
        read.revision,
        read.status,
        read.personal_data,
        read.online,
        read.last_seen,
        read.updated_at,
        read.declared_at,
        read.device,
        read.drift,
        read.history,
    )


def _drift(drift: str | None) -> tuple[str, ...]:
    """The element ids of the stored drift (JSON text: a list of ``{"element_id", …}``)."""
    if not drift or drift in ("null", "[]"):
        return ()
    found: list[dict[str, Any]] = json.loads(drift)
    return tuple(str(item.get("element_id", "")) for item in found)


def _history(lines: Sequence[HistoryLine]) -> tuple[Revision, ...]:
    return tuple(Revision(paris_day(line.at), line.kind, line.source) for line in lines)


__all__ = [
    "ETAG_FIELDS",
    "HISTORY_LINES",
    "HTML",
    "JSON",
    "PARIS",
    "SHOWN_IN",
    "Record",
    "Chain",
    "Notices",
    "Privacy",
    "Revision",
    "SensorView",
    "Shown",
    "Site",
    "StateFacts",
    "build_view",
    "etag",
    "privacy",
    "privacy_rows",
    "shown",
]
