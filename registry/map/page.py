"""The public map's page (``/carte``): its HTML, its configuration for ``map.js``, its CSP.

The page is the only public page with JavaScript; its scripts come from the registry itself
(:data:`STATIC_FILES`, vendored from npm with their licences), and its policy allows exactly
one outside origin: the tile service an operator configured (``DTPR_MAP__TILE_URL``), which
the page then names. Without JavaScript it is still useful: the lists by commune and by zone
(the index's listings) are in the HTML.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from importlib import resources

from jinja2 import Environment

from dtpr_core import __version__
from dtpr_core.formats import language_name
from dtpr_core.locales import LOCALES, pick
from dtpr_core.settings import MapSettings
from dtpr_core.taxonomy import load_taxonomy
from dtpr_core.urls import Urls, map_data_name
from registry.pages.i18n import Words
from registry.pages.icons import icon_sources
from registry.pages.layout import SECURITY_HEADERS, path_of
from registry.pages.lists import IndexQuery
from registry.pages.templating import render_page

STATIC_FILES: Mapping[str, str] = {
    "leaflet.js": "text/javascript; charset=utf-8",
    "leaflet.css": "text/css; charset=utf-8",
    "supercluster.min.js": "text/javascript; charset=utf-8",
    "map.js": "text/javascript; charset=utf-8",
    "staff-map.js": "text/javascript; charset=utf-8",
    "map.css": "text/css; charset=utf-8",
    "LICENSE-leaflet.txt": "text/plain; charset=utf-8",
    "LICENSE-supercluster.txt": "text/plain; charset=utf-8",
    "LICENSE-kdbush.txt": "text/plain; charset=utf-8",
}
"""``/carte/static/<name>``: the map's own files, from ``registry/pages/static/map/``; nothing else."""
STATIC_PATH = "/carte/static/"
JS_WORDS = (
    *(f"map_dir_{d}" for d in ("n", "ne", "e", "se", "s", "sw", "w", "nw")),
    "map_open_page",
    "map_cluster",
    "map_count",
    "map_visible_many",
    "personal_q",
    "yes",
    "no",
    "personal_identifiable",
    "personal_de_identified",
    "personal_none",
)
"""The words ``map.js`` writes itself (pop-ups, the nearest list), in the page's language."""


def static_file(name: str) -> bytes:
    """One of :data:`STATIC_FILES` (the caller checked the name)."""
    return resources.files("registry.pages").joinpath("static", "map", name).read_bytes()


def static_src(name: str) -> str:
    return f"{STATIC_PATH}{name}?v={__version__}"


def map_csp(settings: MapSettings) -> str:
    """The map page's policy: the public pages' one, plus scripts, data and icons from the registry itself."""
    outside = f" {settings.tile_origin}" if settings.tile_origin else ""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self'{outside}; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def map_headers(settings: MapSettings) -> dict[str, str]:
    return {**SECURITY_HEADERS, "Content-Security-Policy": map_csp(settings)}


@dataclass(frozen=True, slots=True)
class MapSite:
    """What every language of the map page is made of, beyond its words."""

    city: str
    urls: Urls
    default_locale: str
    settings: MapSettings


def render_map_page(templates: Environment, site: MapSite, words: Words, found: Mapping[str, list[str]]) -> bytes:
    """The page in *words*' language; *found*: the communes and zones (``dtpr_store.reads.facets``)."""
    locale = words.locale
    lang = None if locale == site.default_locale else locale
    lists = {
        name: [(value, _listing(name, value).link(locale, 1, site.default_locale)) for value in found.get(name, [])]
        for name in ("commune", "zone")
    }
    return render_page(
        templates,
        "map.html",
        words,
        city=site.city,
        urls=site.urls,
        title=f"{words('map_title')} — {site.city}",
        current_nav="map",
        wide=True,
        lang_path=[(other, site.urls.map_page(None if other == site.default_locale else other)) for other in LOCALES],
        canonical=site.urls.map_page(),
        purposes=_purposes(locale),
        lists=lists,
        static_src=static_src,
        tile_origin=site.settings.tile_origin or "",
        config=json.dumps(_config(site, words, lang), ensure_ascii=False, separators=(",", ":")),
    )


def _listing(name: str, value: str) -> IndexQuery:
    """The index's listing of a commune or a zone (what the static export writes too)."""
    return IndexQuery(commune=value) if name == "commune" else IndexQuery(zone=value)


def _purposes(locale: str) -> list[tuple[str, str]]:
    """(id, title) of every DTPR purpose, by title (the filter's choices)."""
    taxonomy = load_taxonomy()
    ids = taxonomy.category_by_key("purpose").element_ids
    return sorted(((i, pick(taxonomy.elements[i].title, locale)) for i in ids), key=lambda item: item[1])


def _config(site: MapSite, words: Words, lang: str | None) -> dict[str, object]:
    """What ``map.js`` reads from the page (``data-config``): where the files are, the words it writes."""
    taxonomy = load_taxonomy()
    icons = icon_sources(site.urls)
    purposes = {i: [title, icons.get(taxonomy.elements[i].icon, "")] for i, title in _purposes(words.locale)}
    return {
        "lang": words.locale,
        "data": path_of(site.urls.map_file(map_data_name(words.locale))),
        "outlines": path_of(site.urls.map_file("communes.geojson")),
        "tiles": site.settings.tile_url,
        "attribution": escape(site.settings.tile_attribution),  # Leaflet writes it as HTML
        "page": path_of(site.urls.sensor_page("ID")).removesuffix("ID"),
        "query": f"?lang={lang}" if lang else "",
        "purposes": purposes,
        "words": {key: words(key) for key in JS_WORDS},
        "fallback": _fallback(words),
    }


def _fallback(words: Words) -> dict[str, list[str]]:
    """How ``map.js`` marks a name the data file gives in another language: the notice (text, its lang) of
    each ("Este texto solo existe en francés"), as :func:`registry.pages.layout.fallback_notice` says it."""
    locale = words.locale
    notice_lang = words.lang_of("fallback_only_in")
    return {
        lang: [words("fallback_only_in", language=language_name(lang, locale)), notice_lang]
        for lang in LOCALES
        if lang != locale
    }
