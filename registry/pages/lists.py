"""What the index of declared sensors (search, filters, pages) and the DPO's data inventory show.

The markup is ``templates/index.html`` and ``templates/inventory.html``; a sensor's line of the
index is ``templates/_index_item.html`` and the filters ``templates/_index_filters.html``,
rendered by :class:`IndexFragments` so that a line made once serves every listing it is in
(the static export writes each sensor's line in three listings and six languages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from markupsafe import Markup

from dtpr_core.formats import collated
from dtpr_core.locales import DEFAULT_LOCALE, LOCALES, pick
from dtpr_core.model import LEGAL_BASES, STATUSES
from dtpr_core.privacy_words import legal_basis_words
from dtpr_core.taxonomy import load_taxonomy
from dtpr_core.urls import Urls, with_lang
from dtpr_store.caches import ParsedSensors
from dtpr_store.reads import SensorFilters
from dtpr_store.tables import SensorRow
from registry.inventory import InventoryRow
from registry.pages.i18n import Words
from registry.pages.layout import path_of
from registry.pages.templating import page_context

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class IndexQuery:
    q: str = ""
    commune: str = ""
    zone: str = ""
    purpose: str = ""
    tech: str = ""
    personal: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> IndexQuery:
        def text(name: str) -> str:
            return params.get(name, "").strip()[:200]

        try:
            page = max(1, min(int(params.get("page", "1")), 10_000))
        except ValueError:
            page = 1
        return cls(
            q=text("q"),
            commune=text("commune"),
            zone=text("zone"),
            purpose=text("purpose"),
            tech=text("tech"),
            personal=text("personal") if text("personal") in ("yes", "no") else "",
            status=text("status") if text("status") in STATUSES else "",
            page=page,
        )

    @property
    def has_filters(self) -> bool:
        return any((self.commune, self.zone, self.purpose, self.tech, self.personal, self.status))

    def filters(self) -> SensorFilters:
        personal = {"yes": True, "no": False}.get(self.personal)
        return SensorFilters(
            q=self.q or None,
            commune=self.commune or None,
            zone=self.zone or None,
            purpose=self.purpose or None,
            tech=self.tech or None,
            personal_data=personal,
            status=self.status or None,
        )

    def link(self, locale: str, page: int, default_locale: str = DEFAULT_LOCALE) -> str:
        fields = {
            name: getattr(self, name) for name in ("q", "commune", "zone", "purpose", "tech", "personal", "status")
        }
        query = {k: v for k, v in fields.items() if v}
        if locale != default_locale:
            query["lang"] = locale
        if page > 1:
            query["page"] = str(page)
        return "/?" + urlencode(query) if query else "/"


def _options(words: Words, found: Mapping[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """(value, text) of each filter's choices: only what the register uses, in collation order."""
    taxonomy = load_taxonomy()

    def elements(category: str) -> list[tuple[str, str]]:
        used = set(found.get(category, ()))
        ids = [i for i in taxonomy.category_by_key(category).element_ids if i in used]
        return collated([(i, pick(taxonomy.elements[i].title, words.locale)) for i in ids])

    return {
        "commune": collated([(c, c) for c in found.get("commune", [])]),
        "zone": collated([(z, z) for z in found.get("zone", [])]),
        "purpose": elements("purpose"),
        "tech": elements("tech"),
        "personal": [("yes", words("yes")), ("no", words("no"))],
        "status": [(s, words(f"status_{s}")) for s in STATUSES],
    }


@dataclass(frozen=True, slots=True)
class IndexItem:
    """One sensor of the index, as its line shows it."""

    id: str
    href: str
    name: str
    place: str
    personal_data: str
    status: str


def index_item(row: SensorRow, words: Words, urls: Urls, default_locale: str, parsed: ParsedSensors) -> IndexItem:
    """What the index shows of *row* in the language of *words* (*parsed*: the app's, or the export's)."""
    sensor = parsed.declared_sensor(row)
    name = pick(sensor.name, words.locale) if sensor else row.name_fr
    place = ", ".join(p for p in ((sensor.location.address if sensor else ""), row.zone, row.commune) if p)
    href = path_of(urls.sensor_page(row.id, None if words.locale == default_locale else words.locale))
    status = words(f"status_{row.status}") if row.status in STATUSES else row.status
    return IndexItem(row.id, href, name, place, row.personal_data, status)


class IndexFragments:
    """The index's repeated parts as HTML, from their templates: a sensor's line and the filters.

    One per app (:class:`registry.pages.Pages`); it keeps one template module per language.
    """

    def __init__(self, templates: Environment) -> None:
        self.templates = templates
        self._modules: dict[tuple[str, str], Any] = {}

    def line(self, item: IndexItem, words: Words) -> Markup:
        """``_index_item.html``: one sensor's ``<li>``."""
        return Markup(self._module("_index_item.html", words).index_item(item))

    def filters(self, query: IndexQuery, words: Words, found: Mapping[str, list[str]]) -> Markup:
        """``_index_filters.html``: the lists of choices, *query*'s chosen."""
        return Markup(self._module("_index_filters.html", words).index_filters(query, _options(words, found)))

    def _module(self, name: str, words: Words) -> Any:
        key = (name, words.locale)
        module = self._modules.get(key)
        if module is None:
            module = self.templates.get_template(name).make_module(page_context(words))
            self._modules[key] = module
        return module


def index_context(
    lines: Sequence[Markup],
    filters: Markup,
    total: int,
    query: IndexQuery,
    words: Words,
    urls: Urls,
    default_locale: str,
    city: str,
) -> dict[str, object]:
    """What ``index.html`` shows: *lines* and *filters* from :class:`IndexFragments`."""
    locale = words.locale
    pages = max(1, -(-total // PAGE_SIZE))
    home = urls.home()
    return {
        "title": f"{words('index_title')} — {city}",
        "query": query,
        "lines": lines,
        "filters": filters,
        "total": total,
        "pages": pages,
        "default_locale": default_locale,
        "reset_link": IndexQuery().link(locale, 1, default_locale),
        "previous_link": query.link(locale, query.page - 1, default_locale),
        "next_link": query.link(locale, query.page + 1, default_locale),
        "canonical": home,
        "lang_path": [(other, with_lang(home, other, default_locale)) for other in LOCALES],
        "current_nav": "index",
    }


def inventory_context(
    rows: Sequence[InventoryRow], words: Words, urls: Urls, default_locale: str, city: str
) -> dict[str, object]:
    """What ``inventory.html`` shows."""

    def basis_words(code: str | None) -> str:
        return legal_basis_words(code, words.locale) if code in LEGAL_BASES else words("basis_none")

    def sensor_href(sensor_id: str) -> str:
        return with_lang(path_of(urls.sensor_page(sensor_id)), words.locale, default_locale)

    return {
        "title": f"{words('inventory_title')} — {city}",
        "rows": rows,
        "basis_words": basis_words,
        "sensor_href": sensor_href,
        "current_nav": "inventory",
        "canonical": urls.inventory(),
        "lang_path": [(other, with_lang(urls.inventory(), other, default_locale)) for other in LOCALES],
        "wide": True,
    }
