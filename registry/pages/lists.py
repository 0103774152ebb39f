"""The index of declared sensors (search, filters, pages) and the DPO's data inventory."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from threading import Lock
from urllib.parse import urlencode

from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.datachain import PERSONAL_DATA_WORDS
from dtpr_core.locales import LOCALES, pick
from dtpr_core.model import STATUSES
from dtpr_core.taxonomy import load_taxonomy
from dtpr_core.urls import Urls
from dtpr_store.reads import SensorFilters, declared_sensor, facets
from dtpr_store.tables import SensorRow
from registry.inventory import InventoryRow
from registry.pages.i18n import Words
from registry.pages.layout import INVENTORY_CSV_PATH, Frame, esc, lang_attr, path_of, render_page, say

PAGE_SIZE = 50
_FACETS_TTL = 60.0
_facets: dict[int, tuple[float, dict[str, list[str]]]] = {}
_facets_lock = Lock()


def cached_facets(session: Session, engine: Engine) -> dict[str, list[str]]:
    """Communes and zones for the filters, recomputed at most once a minute."""
    now = time.monotonic()
    with _facets_lock:
        found = _facets.get(id(engine))
        if found and now - found[0] < _FACETS_TTL:
            return found[1]
    values = facets(session)
    with _facets_lock:
        _facets[id(engine)] = (now, values)
    return values


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

    def link(self, locale: str, page: int) -> str:
        fields = {
            name: getattr(self, name) for name in ("q", "commune", "zone", "purpose", "tech", "personal", "status")
        }
        query = {k: v for k, v in fields.items() if v}
        if locale != "fr":
            query["lang"] = locale
        if page > 1:
            query["page"] = str(page)
        return "/?" + urlencode(query) if query else "/"


def _select(name: str, label: str, options: Sequence[tuple[str, str]], chosen: str, words: Words) -> str:
    items = [f'<option value="">{esc(words("any"))}</option>']
    items += [
        f'<option value="{esc(value)}"{" selected" if value == chosen else ""}>{esc(text)}</option>'
        for value, text in options
    ]
    return f'<p><label for="f-{name}">{esc(label)}</label><select id="f-{name}" name="{name}">{"".join(items)}</select></p>'


def _form(query: IndexQuery, words: Words, found: Mapping[str, list[str]]) -> str:
    taxonomy = load_taxonomy()

    def elements(category: str) -> list[tuple[str, str]]:
        ids = taxonomy.category_by_key(category).element_ids
        return sorted(((i, pick(taxonomy.elements[i].title, words.locale)) for i in ids), key=lambda o: o[1])

    selects = [
        _select("commune", words("commune"), [(c, c) for c in found.get("commune", [])], query.commune, words),
        _select("zone", words("zone"), [(z, z) for z in found.get("zone", [])], query.zone, words),
        _select("purpose", words("purpose"), elements("purpose"), query.purpose, words),
        _select("tech", words("tech"), elements("tech"), query.tech, words),
        _select("personal", words("personal"), [("yes", words("yes")), ("no", words("no"))], query.personal, words),
        _select("status", words("status"), [(s, words(f"status_{s}")) for s in STATUSES], query.status, words),
    ]
    lang = f'<input type="hidden" name="lang" value="{esc(words.locale)}">' if words.locale != "fr" else ""
    return (
        f'<form method="get" action="/" role="search"><p><label for="q">{say(words, "search_label")}</label>'
        f'<input id="q" name="q" type="search" value="{esc(query.q)}"></p>'
        f'<details class="filter-box"{" open" if query.has_filters else ""}><summary>{say(words, "filters")}</summary>'
        f'<div class="filters">{"".join(selects)}</div></details>'
        f'{lang}<p><button type="submit">{say(words, "apply")}</button> '
        f'<a href="{esc(IndexQuery().link(words.locale, 1))}">{say(words, "reset")}</a></p></form>'
    )


def badge(level: str, words: Words) -> str:
    texts = PERSONAL_DATA_WORDS.get(level, PERSONAL_DATA_WORDS["none"])
    used = words.locale if words.locale in texts else "en"
    return f'<span class="badge pd-{esc(level)}"{lang_attr(used, words.locale)}>{esc(texts[used])}</span>'


def _item(row: SensorRow, words: Words, urls: Urls) -> str:
    sensor = declared_sensor(row)
    name = pick(sensor.name, words.locale) if sensor else row.name_fr
    place = ", ".join(p for p in ((sensor.location.address if sensor else ""), row.zone, row.commune) if p)
    href = path_of(urls.sensor_page(row.id, None if words.locale == "fr" else words.locale))
    status = words(f"status_{row.status}") if row.status in STATUSES else row.status
    return (
        f'<li><a href="{esc(href)}">{esc(name)}</a><p class="muted">{esc(place)} · {esc(row.id)}</p>'
        f"<p>{badge(row.personal_data, words)} {esc(status)}</p></li>"
    )


def render_index(
    rows: Sequence[SensorRow],
    total: int,
    query: IndexQuery,
    words: Words,
    urls: Urls,
    city: str,
    found: Mapping[str, list[str]],
) -> str:
    pages = max(1, -(-total // PAGE_SIZE))
    items = "".join(_item(row, words, urls) for row in rows)
    listing = f'<ul class="list">{items}</ul>' if rows else f"<p>{say(words, 'none_found')}</p>"
    pager = [
        f'<a href="{esc(query.link(words.locale, query.page - 1))}" rel="prev">← {say(words, "previous")}</a>'
        if query.page > 1
        else "<span></span>",
        f"<span>{esc(words('page_of', page=min(query.page, pages), pages=pages))}</span>",
        f'<a href="{esc(query.link(words.locale, query.page + 1))}" rel="next">{say(words, "next")} →</a>'
        if query.page < pages
        else "<span></span>",
    ]
    body = (
        f"<h1>{say(words, 'index_title')}</h1><p class='lead'>{say(words, 'index_intro')}</p>{_form(query, words, found)}"
        f'<section aria-labelledby="results-h"><h2 id="results-h">{say(words, "results")}'
        f" — {esc(words.count(total))}</h2>{listing}"
        f'<nav class="pager" aria-label="{esc(words("pages"))}">{"".join(pager)}</nav></section>'
    )
    frame = Frame(
        title=f"{words('index_title')} — {city}",
        locale=words.locale,
        city=city,
        urls=urls,
        canonical=urls.home(),
        lang_path=[(locale, urls.home() + ("" if locale == "fr" else f"?lang={locale}")) for locale in LOCALES],
        current_nav="index",
    )
    return render_page(frame, body)


def render_inventory(rows: Sequence[InventoryRow], words: Words, urls: Urls, city: str) -> str:
    from dtpr_core.privacy_words import LEGAL_BASIS_WORDS

    columns = (
        "col_sensor",
        "col_data",
        "col_basis",
        "col_retention",
        "col_storage",
        "col_access",
        "col_accountable",
        "col_dpo",
    )
    head = "".join(f'<th scope="col">{say(words, key)}</th>' for key in columns)
    lines = []
    for item in rows:
        basis = words(f"basis_{item.legal_basis}") if item.legal_basis in LEGAL_BASIS_WORDS else words("basis_none")
        href = path_of(urls.sensor_page(item.id, None if words.locale == "fr" else words.locale))
        cells = [
            f'<th scope="row"><a href="{esc(href)}">{esc(item.name)}</a><br><span class="muted">{esc(item.id)}</span></th>',
            f"<td>{badge(item.personal_data, words)}<br>{esc(', '.join(item.technologies))}</td>",
            f"<td>{esc(basis)}</td>",
            f"<td>{esc(item.retention)}</td>",
            f"<td>{esc(', '.join(item.storage))}</td>",
            f"<td>{esc(', '.join(item.access))}</td>",
            f"<td>{esc(', '.join(item.accountable))}</td>",
            f"<td>{esc(item.dpo_contact)}</td>",
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    table = (
        f'<div class="table" role="region" aria-labelledby="inv-h" tabindex="0"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table></div>"
        if rows
        else f"<p>{say(words, 'inventory_empty')}</p>"
    )
    body = (
        f'<h1 id="inv-h">{say(words, "inventory_title")}</h1><p class="lead">{say(words, "inventory_intro")}</p>'
        f'<p><a href="{INVENTORY_CSV_PATH}">{say(words, "inventory_csv")}</a></p>{table}'
    )
    frame = Frame(
        title=f"{words('inventory_title')} — {city}",
        locale=words.locale,
        city=city,
        urls=urls,
        current_nav="inventory",
        wide=True,
    )
    return render_page(frame, body)
