"""The index, its commune and zone pages, and the personal-data inventory, as files.

Rendered by the live routes' own functions; the rows come in one pass over the register (in
the order the live index lists them), each listing holding at most one page of rows, so
memory stays flat however many sensors there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, select

from dtpr_core.locales import LOCALES
from dtpr_store.reads import facets
from dtpr_store.tables import SensorRow
from registry.export.sensors import PageSettings
from registry.inventory import inventory_rows
from registry.pages.i18n import Words
from registry.pages.lists import PAGE_SIZE, IndexQuery, render_index, render_inventory

QUERY_FOLDER = "_q"
"""``/?<query>`` answers from ``_q/<query>.html`` (the query exactly as the pages link it)."""

Write = Callable[[str, bytes], object]


def query_file(url: str) -> str:
    """The file of a listing URL the pages link to: ``/`` -> ``index.html``, ``/?page=2`` -> ``_q/page=2.html``."""
    query = urlsplit(url).query
    return f"{QUERY_FOLDER}/{query}.html" if query else "index.html"


def listing_totals(session: Session) -> dict[tuple[str, str], int]:
    """How many declared sensors each listing has: ``("", "")`` for all, ``("commune", name)``, ``("zone", name)``."""
    declared = SensorRow.declared == True  # noqa: E712
    totals = {("", ""): int(session.exec(select(func.count()).where(declared)).one())}
    for name, column in (("commune", SensorRow.commune), ("zone", SensorRow.zone)):
        for value, count in session.exec(select(column, func.count()).where(declared).group_by(column)).all():
            if value:
                totals[(name, value)] = int(count)
    return totals


@dataclass(slots=True)
class _Listing:
    query: IndexQuery
    total: int
    page: int = 1
    rows: list[SensorRow] = field(default_factory=list)


class Listings:
    """Collects rows (by id) into the index and its commune and zone listings, writing pages as they fill."""

    def __init__(self, session: Session, settings: PageSettings, write: Write) -> None:
        self.settings, self.write = settings, write
        self.found = facets(session)
        self.listings = {key: _Listing(_query(*key), total) for key, total in listing_totals(session).items()}
        self.pages = 0

    def add(self, row: SensorRow) -> None:
        for key in (("", ""), ("commune", row.commune or ""), ("zone", row.zone or "")):
            listing = self.listings.get(key)
            if listing is None:
                continue
            listing.rows.append(row)
            if len(listing.rows) == PAGE_SIZE:
                self._flush(listing)

    def finish(self) -> None:
        for listing in self.listings.values():
            if listing.rows or listing.page == 1:
                self._flush(listing)

    def urls(self) -> Iterator[str]:
        """The listing pages' URLs (for the sitemap), in the default language."""
        for listing in self.listings.values():
            pages = max(1, -(-listing.total // PAGE_SIZE))
            for page in range(1, pages + 1):
                yield listing.query.link("fr", page)

    def _flush(self, listing: _Listing) -> None:
        for locale in LOCALES:
            html = render_index(
                listing.rows,
                listing.total,
                _paged(listing.query, listing.page),
                Words(locale),
                self.settings.urls,
                self.settings.city,
                self.found,
            )
            self.write(query_file(listing.query.link(locale, listing.page)), html.encode("utf-8"))
            self.pages += 1
        listing.rows = []
        listing.page += 1


def _query(name: str, value: str) -> IndexQuery:
    return IndexQuery(commune=value if name == "commune" else "", zone=value if name == "zone" else "")


def _paged(query: IndexQuery, page: int) -> IndexQuery:
    return IndexQuery(commune=query.commune, zone=query.zone, page=page)


def inventory_pages(session: Session, settings: PageSettings) -> Mapping[str, bytes]:
    """The personal-data inventory page in every language."""
    return {
        locale: render_inventory(inventory_rows(session, locale), Words(locale), settings.urls, settings.city).encode()
        for locale in LOCALES
    }
