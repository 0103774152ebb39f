"""The index, its commune and zone pages, and the personal-data inventory, as files.

Rendered by the live routes' own functions; the rows come in one pass over the register (in
the order the live index lists them), each listing holding at most one page of lines, so
memory stays flat however many sensors there are. A sensor's line is rendered once per
language and shared by the listings it is in (the index, its commune's, its zone's).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup
from sqlmodel import Session

from dtpr_core.locales import LOCALES
from dtpr_store.reads import facets, listing_totals
from dtpr_store.tables import SensorRow
from registry.export.sensors import PageSettings
from registry.inventory import inventory_rows
from registry.pages.i18n import Words
from registry.pages.lists import PAGE_SIZE, IndexQuery, index_context, index_item, inventory_context
from registry.pages.templating import render_page

QUERY_FOLDER = "_q"
"""``/?<query>`` answers from ``_q/<query>.html`` (the query exactly as the pages link it)."""

Write = Callable[[str, bytes], object]


PLAIN_QUERY = re.compile(r"(?!.*\.\.)[A-Za-z0-9=&%+._~-]{1,200}")
"""A query that is its own file name (what the nginx map takes as it is; file systems allow 255 bytes)."""


def query_file(url: str) -> str:
    """The file of a listing URL the pages link to: ``/`` -> ``index.html``, ``/?page=2`` -> ``_q/page=2.html``.

    Safe by construction: a query too long for a file name (a long commune or zone name,
    percent-encoded) or with ``..`` is named by its hash, ``_q/~<hash>.html``; the export's
    nginx map lists those (:func:`~registry.export.statics.hashed_query_map`)."""
    query = urlsplit(url).query
    if not query:
        return "index.html"
    if PLAIN_QUERY.fullmatch(query):
        return f"{QUERY_FOLDER}/{query}.html"
    return f"{QUERY_FOLDER}/~{hashlib.sha256(query.encode()).hexdigest()[:32]}.html"


@dataclass(slots=True)
class _Listing:
    query: IndexQuery
    total: int
    page: int = 1
    lines: list[dict[str, Markup]] = field(default_factory=list)
    """Each sensor's line of the current page, by language."""
    filters: dict[str, Markup] = field(default_factory=dict)


class Listings:
    """Collects rows (by id) into the index and its commune and zone listings, writing pages as they fill."""

    def __init__(self, session: Session, settings: PageSettings, write: Write) -> None:
        self.settings, self.write = settings, write
        self.found = facets(session)
        self.default = settings.default_locale
        self.listings = {key: _Listing(_query(*key), total) for key, total in listing_totals(session).items()}
        self.words = {locale: Words(locale) for locale in LOCALES}
        self.hashed: dict[str, str] = {}
        """Query -> file of the listings written under a hashed name (for the nginx map)."""
        self.pages = 0

    def add(self, row: SensorRow) -> None:
        listings = [
            listing
            for key in (("", ""), ("commune", row.commune or ""), ("zone", row.zone or ""))
            if (listing := self.listings.get(key)) is not None
        ]
        if not listings:
            return
        fragments, urls, parsed = self.settings.pages.index, self.settings.urls, self.settings.pages.cache.parsed
        lines = {
            locale: fragments.line(index_item(row, words, urls, self.default, parsed), words)
            for locale, words in self.words.items()
        }
        for listing in listings:
            listing.lines.append(lines)
            if len(listing.lines) == PAGE_SIZE:
                self._flush(listing)

    def finish(self) -> None:
        for listing in self.listings.values():
            if listing.lines or listing.page == 1:
                self._flush(listing)

    def urls(self) -> Iterator[str]:
        """The listing pages' URLs (for the sitemap), in the default language."""
        for listing in self.listings.values():
            pages = max(1, -(-listing.total // PAGE_SIZE))
            for page in range(1, pages + 1):
                yield listing.query.link(self.default, page, self.default)

    def _flush(self, listing: _Listing) -> None:
        settings, query = self.settings, _paged(listing.query, listing.page)
        for locale, words in self.words.items():
            filters = listing.filters.get(locale)
            if filters is None:  # the same on every page of a listing
                filters = listing.filters[locale] = settings.pages.index.filters(query, words, self.found)
            lines = [line[locale] for line in listing.lines]
            context = index_context(
                lines, filters, listing.total, query, words, settings.urls, self.default, settings.city
            )
            body = render_page(
                settings.pages.templates, "index.html", words, city=settings.city, urls=settings.urls, **context
            )
            url = query.link(locale, listing.page, self.default)
            file = query_file(url)
            if file.startswith(f"{QUERY_FOLDER}/~"):
                self.hashed[urlsplit(url).query] = file
            self.write(file, body)
            self.pages += 1
        listing.lines = []
        listing.page += 1


def _query(name: str, value: str) -> IndexQuery:
    return IndexQuery(commune=value if name == "commune" else "", zone=value if name == "zone" else "")


def _paged(query: IndexQuery, page: int) -> IndexQuery:
    return IndexQuery(commune=query.commune, zone=query.zone, page=page)


def inventory_pages(session: Session, settings: PageSettings) -> Mapping[str, bytes]:
    """The personal-data inventory page in every language."""
    pages = {}
    for locale in LOCALES:
        words = Words(locale)
        rows = inventory_rows(session, locale, settings.pages.cache.parsed)
        context = inventory_context(rows, words, settings.urls, settings.default_locale, settings.city)
        templates = settings.pages.templates
        pages[locale] = render_page(
            templates, "inventory.html", words, city=settings.city, urls=settings.urls, **context
        )
    return pages
