"""``export_site``: the public site as files, in one streamed pass over the register.

Layout (the live URL -> the file that answers it; ``deploy/nginx/`` does the mapping):

* ``/s/<id>?lang=<l>`` -> ``s/<id>/index.<l>.html``; ``/s/<id>`` -> ``s/<id>/index.html``
  (the default language; with nginx, ``Accept-Language`` picks the file);
* ``/s/<id>.json``, ``/s/<id>/datachain.json`` -> the same paths;
* ``/`` and ``/?<query>`` -> ``index.html`` / ``index.<l>.html`` and ``_q/<query>.html``;
* ``/inventory`` -> ``inventory/index.html`` (and ``index.<l>.html``), ``/inventory.csv``;
* ``/export/sensors.csv`` and ``.geojson``, ``/dtpr-icons/…``, ``/sitemap.xml``, ``/robots.txt``;
* ``_dtpr/``: the export's own state and the web server's maps (not to be served).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core import __version__
from dtpr_core.locales import LOCALES
from dtpr_core.settings import Settings
from dtpr_store.page_read import PageReader, SensorPageRead
from dtpr_store.reads import iter_declared_sensors
from dtpr_store.tables import SensorRow
from registry.export.listings import Listings, inventory_pages, query_file
from registry.export.map import write_map
from registry.export.open_data import OpenData
from registry.export.sensors import (
    HISTORY_LINES,
    PageSettings,
    page_stamp,
    sensor_instance_file,
    sensor_pages,
    sensor_twin,
    sensor_view,
)
from registry.export.statics import write_statics
from registry.export.writer import File, SiteWriter, Tally
from registry.pages import make_pages
from registry.pages.lists import IndexQuery

STATE_FOLDER = "_dtpr"
STAMP_FILE = ".export-stamp"
"""In each ``s/<id>/``: what its files were made of (``registry.export.sensors.page_stamp``), for ``--changed``."""
BATCH = 256


@dataclass(frozen=True, slots=True)
class ExportOptions:
    out: Path
    changed: bool = False
    """Rewrite only sensors whose stamp changed (and site files whose bytes changed)."""
    compress: bool = True
    service: bool = True
    signs: bool = False


@dataclass(frozen=True, slots=True)
class ExportReport:
    sensors: int
    rewritten: int
    tally: Tally
    seconds: float


def export_site(
    settings: Settings, engine: Engine, options: ExportOptions, *, now: datetime | None = None
) -> ExportReport:
    """Write the public site under ``options.out`` (see the module doc), pages as of *now*."""
    return asyncio.run(_export(settings, engine, options, now or datetime.now(UTC)))


async def _export(settings: Settings, engine: Engine, options: ExportOptions, started: datetime) -> ExportReport:
    clock = time.perf_counter()
    public = settings.public
    page_settings = PageSettings(
        pages=make_pages(settings, engine=engine, sign_available=options.signs, service=options.service),
        city=public.city_name,
        urls=public.urls,
        service=options.service,
        default_locale=public.default_locale,
    )
    site_key = _site_key(settings, options)
    reader = PageReader(settings.database.url)
    sensors = rewritten = 0
    open_data = OpenData(settings, page_settings.pages.cache.parsed)
    with SiteWriter(options.out, compress=options.compress) as writer, Session(engine) as session, open_data:
        changed_only = options.changed and _previous_key(writer) == site_key
        write = writer.write_if_changed if options.changed else writer.write
        try:
            listings = Listings(session, page_settings, lambda path, body: write(path, body, page=True))
            for rows in _batches(iter_declared_sensors(session, batch=BATCH), BATCH):
                reads = await asyncio.gather(*(reader.read(row.id, history=HISTORY_LINES) for row in rows))
                for row, read in zip(rows, reads, strict=True):
                    listings.add(row)
                    open_data.add(row)
                    if read is None or read.data is None:
                        continue
                    sensors += 1
                    files = _sensor_files(writer, row, read, page_settings, started, changed_only)
                    rewritten += files
            listings.finish()
            _site_files(writer, session, engine, settings, page_settings, listings, open_data)
        finally:
            await reader.aclose()
        writer.write_if_changed(f"{STATE_FOLDER}/site.json", json.dumps({"key": site_key}).encode())
    seconds = time.perf_counter() - clock
    return ExportReport(sensors, rewritten, writer.tally, seconds)


def _sensor_files(
    writer: SiteWriter,
    row: SensorRow,
    read: SensorPageRead,
    settings: PageSettings,
    now: datetime,
    changed_only: bool,
) -> int:
    """Write one sensor's files; 0 when ``--changed`` finds its stamp unchanged."""
    folder = f"s/{read.id}"
    view = sensor_view(read, settings, now)
    stamp = page_stamp(view).encode()
    if changed_only:
        try:
            if writer.path(f"{folder}/{STAMP_FILE}").read_bytes() == stamp:
                return 0
        except FileNotFoundError:
            pass
    default = _default(settings, pages := sensor_pages(view, settings))
    files = [
        File(f"{folder}/index.{locale}.html", body, True, (f"{folder}/index.html",) if locale == default else ())
        for locale, body in pages.items()
    ]
    instance = sensor_instance_file(row, settings.pages.cache.parsed)
    files += [File(f"s/{read.id}.json", sensor_twin(view)), File(f"{folder}/datachain.json", instance)]
    writer.write_in_order([*files, File(f"{folder}/{STAMP_FILE}", stamp)])
    return 1


def _default(settings: PageSettings, pages: dict[str, bytes]) -> str:
    return settings.default_locale if settings.default_locale in pages else "fr"


def _site_files(
    writer: SiteWriter,
    session: Session,
    engine: Engine,
    settings: Settings,
    pages: PageSettings,
    listings: Listings,
    open_data: OpenData,
) -> None:
    """The inventory, the public map, the index's per-language names, icons, style, open data, sitemap, maps."""
    default = pages.default_locale
    for locale, body in inventory_pages(session, pages).items():
        writer.write_if_changed(f"inventory/index.{locale}.html", body, page=True)
    writer.link("inventory/index.html", f"inventory/index.{default}.html")
    write_map(writer, session, settings, pages.pages)
    for locale in LOCALES:  # "/" alone answers the default language's first page (index.html)
        writer.link(f"index.{locale}.html", query_file(IndexQuery().link(locale, 1, default)))
    write_statics(writer, engine, settings, listings.urls(), open_data)


def _site_key(settings: Settings, options: ExportOptions) -> str:
    """What every page depends on beyond its sensor: a new key makes ``--changed`` rewrite all."""
    public = settings.public
    made_of = (__version__, public.base_url, public.city_name, public.default_locale, options.service, options.signs)
    return json.dumps(made_of, ensure_ascii=False)


def _previous_key(writer: SiteWriter) -> str | None:
    try:
        found = json.loads(writer.path(f"{STATE_FOLDER}/site.json").read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return found.get("key") if isinstance(found, dict) else None


def _batches(rows: Iterable[SensorRow], size: int) -> Iterator[list[SensorRow]]:
    batch: list[SensorRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
