"""The public sensor page: plain-language answers first, then the full DTPR datachain.

Pure rendering: takes the stored row, the declared sensor and its history, returns HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from dtpr_core.datachain import personal_data, retention, walk
from dtpr_core.locales import LOCALES, pick
from dtpr_core.model import SENSOR_ID_RE, ContactAction, Organisation, Sensor
from dtpr_core.taxonomy import element_title, load_taxonomy
from dtpr_core.urls import Urls
from registry.pages.caches import CHAIN_FRAGMENTS
from registry.pages.feedback_form import FeedbackForm, render_feedback
from registry.pages.i18n import Words
from registry.pages.icons import icon_uri
from registry.pages.layout import Frame, document, esc, local, path_of, say

PARIS = ZoneInfo("Europe/Paris")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)\)?")


class SensorState(Protocol):
    """What the page shows of a sensor's stored state (a ``SensorRow`` or a ``SensorPageRead``)."""

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def drift(self) -> list[dict[str, Any]] | None: ...
    @property
    def online(self) -> bool | None: ...
    @property
    def last_seen(self) -> datetime | None: ...
    @property
    def updated_at(self) -> datetime: ...


class HistoryEntry(Protocol):
    """One revision as the page shows it (a ``RevisionRow`` or a ``HistoryLine``)."""

    @property
    def at(self) -> datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def source(self) -> str: ...


@dataclass(slots=True)  # not frozen: made for each page view, and a frozen dataclass is 2.5x slower to make
class SensorContext:
    row: SensorState
    """The page's sensor id is the row's: *sensor* may be shared by sensors declared alike."""
    sensor: Sensor
    history: Sequence[HistoryEntry]
    locale: str
    city: str
    urls: Urls
    now: datetime
    sign_available: bool = False
    chain_key: str | None = None
    """Set when the datachain fragments may be shared through ``CHAIN_FRAGMENTS`` (see ``caches``)."""


def as_utc(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back: they are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def strip_markdown(text: str) -> str:
    """``[qualité de l'air](https://…)`` -> ``qualité de l'air`` (no outbound links from taxonomy texts)."""
    return _MARKDOWN_LINK.sub(r"\1", text)


def _titles(sensor: Sensor, key: str, locale: str) -> list[str]:
    taxonomy = load_taxonomy()
    return [
        element_title(taxonomy.elements[s.element_id], locale, s.variables)
        for s in sensor.elements(key)
        if s.element_id in taxonomy.elements
    ]


def _action(action: ContactAction, words: Words, locale: str) -> str:
    target = action.target.strip()
    label = pick(action.label, locale)
    if action.type == "phone":
        number = re.sub(r"[^\d+]", "", target)
        link = f'<a href="tel:{esc(number)}">{esc(target)}</a>'
    elif action.type == "email":
        link = f'<a href="mailto:{esc(target)}">{esc(target)}</a>'
    elif action.type in ("url", "form") and target.startswith(("https://", "http://")):
        link = f'<a href="{esc(target)}">{esc(label or target)}</a>'
    else:
        link = esc(target)
    return f"<li>{say(words, action.type)}{words.colon} {link}</li>"


def _contacts(orgs: Sequence[Organisation], words: Words, locale: str, *, dpo: bool) -> str:
    out = []
    for org in orgs:
        items = "".join(_action(action, words, locale) for action in org.contact)
        if items:
            out.append(f"<p><strong>{local(org.name, locale)}</strong></p><ul class='contact'>{items}</ul>")
        if dpo and org.data_protection:
            items = "".join(_action(action, words, locale) for action in org.data_protection)
            out.append(f"<p><strong>{say(words, 'dpo')}</strong></p><ul class='contact'>{items}</ul>")
    return "".join(out)


def _summary(ctx: SensorContext, words: Words) -> str:
    sensor, locale = ctx.sensor, ctx.locale
    level = personal_data(sensor)
    measures = ", ".join(_titles(sensor, "tech", locale))
    why = ", ".join(_titles(sensor, "purpose", locale))
    who = "".join(
        f"<p>{local(org.name, locale)}{' — ' + local(org.role, locale) if org.role else ''}</p>"
        for org in sensor.accountable
    )
    kept = retention(sensor, locale) or words("retention_unknown")
    return (
        f'<section class="summary" aria-labelledby="summary-h"><h2 id="summary-h" class="vh">'
        f"{say(words, 'summary')}</h2>"
        f'<div class="pd pd-{level}" id="personal-data"><h3>{say(words, "personal_q")}</h3>'
        f"<p>{say(words, f'personal_{level}')}</p></div>"
        f'<div class="facts"><h3>{say(words, "measures_q")}</h3><p>{esc(measures)}</p>'
        f"<h3>{say(words, 'why_q')}</h3><p>{esc(why)}</p>"
        f"<h3>{say(words, 'who_q')}</h3>{who}"
        f"<h3>{say(words, 'how_long_q')}</h3><p>{esc(kept)}</p>"
        f'<h3 id="contact">{say(words, "contact_q")}</h3>'
        f"{_contacts(sensor.accountable, words, locale, dpo=level != 'none')}</div></section>"
    )


def _banners(ctx: SensorContext, words: Words) -> str:
    out = []
    sensor = ctx.sensor
    if sensor.status == "retired" or ctx.row.status == "retired":
        text = words("retired_on", date=words.date(sensor.retired_on)) if sensor.retired_on else words("retired")
        out.append(
            f'<div class="banner" role="note"><p><strong>{esc(text)}</strong></p>'
            f"<p>{say(words, 'retired_more')}</p></div>"
        )
    if ctx.row.drift:
        taxonomy = load_taxonomy()
        names = []
        for item in ctx.row.drift:
            element = taxonomy.elements.get(str(item.get("element_id", "")))
            title = element_title(element, ctx.locale, {}) if element else str(item.get("element_id", ""))
            names.append(title[:1].lower() + title[1:] if ctx.locale in ("fr", "es", "pt") else title)
        out.append(
            f'<div class="banner alert" id="drift" role="note"><p><strong>{say(words, "drift_title")}</strong></p>'
            f"<p>{esc(words('drift', items=', '.join(names)))}</p></div>"
        )
    return "".join(out)


def _state(ctx: SensorContext, words: Words) -> bytes:
    row = ctx.row
    if row.last_seen is not None:
        heard = words("last_heard", ago=words.ago(as_utc(row.last_seen), ctx.now))
        if row.online is not None:
            heard += f" ({words('online' if row.online else 'offline')})"
    else:
        heard = words("last_heard_never")
    updated = as_utc(row.updated_at).astimezone(PARIS).date()
    return _state_html(ctx.locale, row.status, heard, updated, ctx.sensor.installed_on)


@lru_cache(maxsize=1024)
def _state_html(locale: str, status: str, heard: str, updated: date, installed_on: date | None) -> bytes:
    words = Words(locale)
    lines = [
        f"<p><strong>{say(words, 'status')}{words.colon}</strong> {say(words, f'status_{status}')}</p>",
        f"<p>{esc(heard)}</p>",
        f"<p>{esc(words('updated_on', date=words.date(updated)))}</p>",
    ]
    if installed_on:
        lines.append(f"<p>{esc(words('installed_on', date=words.date(installed_on)))}</p>")
    return f'<section class="state" aria-label="{esc(words("status"))}">{"".join(lines)}</section>'.encode()


def _datachain(ctx: SensorContext, words: Words) -> str:
    blocks = []
    for category, shown in walk(ctx.sensor, ctx.locale):
        items = []
        for item in shown:
            uri = icon_uri(item.element.icon)
            icon = f'<img class="ic" src="{uri}" alt="" width="44" height="44">' if uri else ""  # attribute-safe
            description = strip_markdown(item.description)
            title = local(item.organisation.name, ctx.locale) if item.organisation else esc(item.title)
            items.append(
                f"<li>{icon}<div><p><strong>{title}</strong></p>"
                f"{f'<p>{esc(description)}</p>' if description else ''}</div></li>"
            )
        blocks.append(
            f'<details id="{esc(category.key)}"><summary>{esc(pick(category.name, ctx.locale))} '
            f'<span class="muted">({len(shown)})</span></summary><ul class="items">{"".join(items)}</ul></details>'
        )
    return (
        f'<section aria-labelledby="datachain-h"><h2 id="datachain-h">{say(words, "datachain")}</h2>'
        f'<p class="muted">{say(words, "datachain_intro")}</p>{"".join(blocks)}</section>'
    )


def _history(ctx: SensorContext) -> bytes:
    if not ctx.history:
        return b""
    lines = [_history_heading(ctx.locale)]
    for revision in ctx.history:
        day = as_utc(revision.at).astimezone(PARIS).date()
        lines.append(_history_line(ctx.locale, day, revision.kind, revision.source))
    lines.append(b"</ul></section>")
    return b"".join(lines)


@lru_cache(maxsize=64)
def _history_heading(locale: str) -> bytes:
    words = Words(locale)
    heading = (
        f'<section aria-labelledby="history-h"><h2 id="history-h">{say(words, "history")}</h2><ul class="history">'
    )
    return heading.encode()


@lru_cache(maxsize=4096)
def _history_line(locale: str, day: date, kind: str, source: str) -> bytes:
    words = Words(locale)
    kind_text = words(f"history_{kind}") if f"history_{kind}" in _KNOWN else kind
    source_text = words(f"source_{source}") if f"source_{source}" in _KNOWN else source
    return f"<li>{esc(words.short_date(day))} — {esc(kind_text)} ({esc(source_text)})</li>".encode()


_KNOWN = frozenset(
    [f"history_{k}" for k in ("created", "updated", "retired", "device", "drift", "withdrawn", "status")]
    + [f"source_{k}" for k in ("register", "api", "gateway")]
)


def _links(sensor_id: str, urls: Urls, locale: str, sign_available: bool) -> str:
    hrefs = [path_of(urls.sensor_json(sensor_id)), path_of(urls.datachain_json(sensor_id))]
    if sign_available:
        hrefs.append(path_of(urls.sign(sensor_id, "svg")))
    hrefs.append("/export/sensors.csv")
    labels = _link_labels(locale, sign_available)
    items = "".join(f'<li><a href="{esc(href)}">{label}</a></li>' for href, label in zip(hrefs, labels, strict=True))
    return f"{_links_heading(locale)}{items}</ul></section>"


@lru_cache(maxsize=64)
def _link_labels(locale: str, sign_available: bool) -> tuple[str, ...]:
    keys = ("link_json", "link_datachain", *(("link_sign",) if sign_available else ()), "link_exports")
    words = Words(locale)
    return tuple(say(words, key) for key in keys)


@lru_cache(maxsize=64)
def _links_heading(locale: str) -> str:
    return f'<section aria-labelledby="links-h"><h2 id="links-h">{say(Words(locale), "links")}</h2><ul class="links">'


def _chain_fragments(ctx: SensorContext, words: Words) -> tuple[bytes, bytes]:
    """(summary, datachain) HTML: they depend only on the accountable organisations, datachain and locale."""
    if ctx.chain_key is None:
        return _summary(ctx, words).encode(), _datachain(ctx, words).encode()
    key = (ctx.chain_key, ctx.locale)
    found = CHAIN_FRAGMENTS.get(key)
    if found is None:
        found = (_summary(ctx, words).encode(), _datachain(ctx, words).encode())
        CHAIN_FRAGMENTS.put(key, found)
    return found


_ID_MARK = "SENSOR-ID-MARK"
"""Stands for the sensor id in :func:`_shell` (a valid id, so every URL builder takes it)."""
_TITLE_MARK = "\x00title\x00"
_MAIN_MARK = "\x00main\x00"


@dataclass(frozen=True, slots=True)
class _Shell:
    """What a sensor page shares with every other in its language, split where its id goes.

    Join a part with the id (``id.join(part)``): sensor ids are ``[A-Za-z0-9_-]``, so they
    need no escaping in HTML nor quoting in URLs.
    """

    head: tuple[bytes, ...]
    """From the doctype to ``<title>`` (included)."""
    chrome: tuple[bytes, ...]
    """From ``</title>`` to ``<main>``: canonical and alternate links, style, header, language switcher."""
    links: tuple[bytes, ...]
    feedback: tuple[bytes, ...]
    """The blank feedback form (or its thank-you state)."""
    end: bytes
    """``</main>``, the footer, the end of the document."""


@lru_cache(maxsize=256)
def _shell(locale: str, city: str, urls: Urls, sign_available: bool, sent: bool) -> _Shell:
    """The page of a pretend sensor, cut at its title, its content and its id (see :class:`_Shell`)."""
    frame = Frame(
        title=_TITLE_MARK,
        locale=locale,
        city=city,
        urls=urls,
        canonical=urls.sensor_page(_ID_MARK),
        lang_path=[(other, urls.sensor_page(_ID_MARK, other)) for other in LOCALES],
    )
    head, rest = document(frame, (_MAIN_MARK,)).split(_TITLE_MARK.encode())
    chrome, end = rest.split(_MAIN_MARK.encode())
    links = _links(_ID_MARK, urls, locale, sign_available).encode()
    feedback = render_feedback(_ID_MARK, Words(locale), urls, FeedbackForm(), sent=sent).encode()
    mark = _ID_MARK.encode()
    head_parts, chrome_parts, link_parts, form_parts = (
        tuple(part.split(mark)) for part in (head, chrome, links, feedback)
    )
    return _Shell(head_parts, chrome_parts, link_parts, form_parts, end)


def render_sensor_document(ctx: SensorContext, *, form: FeedbackForm | None = None, sent: bool = False) -> bytes:
    """The sensor page, UTF-8: cached fragments and shell (:func:`_shell`) joined as bytes."""
    words = Words(ctx.locale)
    summary, datachain = _chain_fragments(ctx, words)
    sensor, sensor_id = ctx.sensor, ctx.row.id
    if not SENSOR_ID_RE.fullmatch(sensor_id):
        raise ValueError(f"not a sensor id: {sensor_id!r}")
    id_bytes = sensor_id.encode()
    shell = _shell(ctx.locale, ctx.city, ctx.urls, ctx.sign_available, sent)
    place = ", ".join(part for part in (sensor.location.address, sensor.location.zone, sensor.location.commune) if part)
    intro = (
        f"<h1>{local(sensor.name, ctx.locale)}</h1>"
        f'<p class="lead">{local(sensor.description, ctx.locale)}</p>'
        f'<p class="place">{esc(place)} · <span class="muted">{sensor_id}</span></p>'
        f"{_banners(ctx, words)}"
    )
    if form is None:
        feedback = id_bytes.join(shell.feedback)
    else:
        feedback = render_feedback(sensor_id, words, ctx.urls, form, sent=sent).encode()
    title = esc(f"{pick(sensor.name, ctx.locale)} — {ctx.city}")
    return b"".join(
        (
            id_bytes.join(shell.head),
            title.encode(),
            id_bytes.join(shell.chrome),
            intro.encode(),
            summary,
            _state(ctx, words),
            datachain,
            _history(ctx),
            id_bytes.join(shell.links),
            feedback,
            shell.end,
        )
    )
