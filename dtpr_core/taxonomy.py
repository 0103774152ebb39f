"""The DTPR device taxonomy, loaded once from package data into immutable objects.

The upstream French, Spanish and Portuguese strings are machine-translated (and a few
English and Khmer ones have typos);
``_data/<lang>_overrides.json`` (one per language of :data:`OVERRIDE_LOCALES`) layers
corrected ones on top, field by field, and :func:`attribution` then says the texts
were adapted, as CC BY 4.0 requires.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from dtpr_core.locales import LOCALES, LocalText, pick

Identifiability = Literal["identifiable", "de_identified", "none"]

COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "identifiable": "#FFDD00",
        "de_identified": "#36B2E6",
        "none": "#FFFFFF",
        "purpose": "#000000",
    }
)

CATEGORY_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "accountable": "device__accountable",
        "purpose": "device__purpose",
        "tech": "device__tech",
        "data": "device__data",
        "process": "device__process",
        "access": "device__access",
        "retention": "device__retention",
        "storage": "device__storage",
    }
)
"""Short names used in ``sensors.yaml`` -> DTPR category ids, in datachain order."""

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

OVERRIDE_LOCALES = ("fr", "en", "es", "pt", "km")
"""The languages whose upstream texts an editor corrected (``_data/<lang>_overrides.json``): all of
them in French, the defective ones in Spanish and Portuguese, a few typos in English and Khmer."""

Overrides = Mapping[str, Mapping[str, Mapping[str, Mapping[str, str]]]]
"""``{locale: {"categories"|"elements": {id: {field: text}}}}``."""


@dataclass(frozen=True, slots=True)
class Variable:
    id: str
    label: LocalText
    required: bool


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    key: str
    order: int
    shape: str
    name: LocalText
    description: LocalText
    element_ids: tuple[str, ...]
    variables: tuple[Variable, ...]


@dataclass(frozen=True, slots=True)
class Element:
    id: str
    category_id: str
    category_ids: tuple[str, ...]
    title: LocalText
    description: LocalText
    icon: str
    shape: str
    colour: str
    identifiability: Identifiability | None
    variables: tuple[str, ...]

    @property
    def collects_personal_data(self) -> bool:
        return self.identifiability in ("identifiable", "de_identified")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    categories_by_id: Mapping[str, Category]
    elements: Mapping[str, Element]
    source_commit: str
    adapted_locales: frozenset[str]

    def category(self, category_id: str) -> Category:
        return self.categories_by_id[category_id]

    def category_by_key(self, key: str) -> Category:
        return self.category(CATEGORY_KEYS[key])

    def element(self, element_id: str) -> Element:
        return self.elements[element_id]


def _frozen(texts: Mapping[str, str]) -> LocalText:
    return MappingProxyType({locale: texts[locale] for locale in LOCALES if texts.get(locale)})


def _overlay(texts: Mapping[str, str], layers: Overrides, kind: str, item_id: str, field: str) -> LocalText:
    """*texts* with each language's corrected *field* of *item_id*, where an editor wrote one."""
    corrected = {
        locale: layer[kind][item_id][field] for locale, layer in layers.items() if field in layer[kind].get(item_id, {})
    }
    return _frozen({**texts, **corrected})


def _read_json(name: str) -> Any:
    return json.loads(resources.files("dtpr_core").joinpath("_data", name).read_text("utf-8"))


def _build_categories(raw: Any, layers: Overrides, variables: Any) -> tuple[Category, ...]:
    keys = {category_id: key for key, category_id in CATEGORY_KEYS.items()}
    categories = []
    for item in sorted(raw["categories"], key=lambda c: c["order"]):
        declared: tuple[Variable, ...] = ()
        if item["id"] == "device__retention":
            # Upstream forgot to declare {{duration}}; we declare it. Not required of every
            # element of the category (upstream's rule 10 would then refuse `no_data_retained`):
            # an element whose text uses it needs it (our rules, and `required` per element).
            declared = (Variable("duration", _frozen(variables["duration"]["label"]), False),)
        categories.append(
            Category(
                id=item["id"],
                key=keys[item["id"]],
                order=item["order"],
                shape=item["shape"],
                name=_overlay(item["name"], layers, "categories", item["id"], "name"),
                description=_overlay(item["description"], layers, "categories", item["id"], "description"),
                element_ids=tuple(item["element_ids"]),
                variables=declared,
            )
        )
    return tuple(categories)


def _build_element(item: Any, layers: Overrides) -> Element:
    derived = item["derived"]
    texts = " ".join(item["title"].values()) + " " + " ".join(item["description"].values())
    return Element(
        id=item["id"],
        category_id=item["device_category_id"],
        category_ids=tuple(item["category_ids"]),
        title=_overlay(item["title"], layers, "elements", item["id"], "title"),
        description=_overlay(item["description"], layers, "elements", item["id"], "description"),
        icon=item["icon"].removeprefix("icons/"),
        shape=derived["shape"],
        colour=derived["fill"],
        identifiability=derived["identifiability"],
        variables=tuple(sorted(set(_PLACEHOLDER.findall(texts)))),
    )


@cache
def load_taxonomy() -> Taxonomy:
    """The device taxonomy with the corrected French, Spanish and Portuguese applied (cached)."""
    raw = _read_json("taxonomy/device.v1.json")
    layers: Overrides = {locale: _read_json(f"{locale}_overrides.json") for locale in OVERRIDE_LOCALES}
    categories = _build_categories(raw, layers, raw["variables"])
    elements = {item["id"]: _build_element(item, layers) for item in raw["elements"]}
    adapted = frozenset(locale for locale, layer in layers.items() if layer["categories"] or layer["elements"])
    return Taxonomy(
        categories=categories,
        categories_by_id=MappingProxyType({category.id: category for category in categories}),
        elements=MappingProxyType(elements),
        source_commit=raw["bundle"]["source"]["commit"],
        adapted_locales=adapted,
    )


def icon_svg(name: str) -> str:
    """The raw SVG text of an icon file (``air_quality.svg``), prolog and comments stripped."""
    if not re.fullmatch(r"(?:symbols/|shapes/)?[a-z0-9_-]+\.svg", name):
        raise KeyError(name)
    path = resources.files("dtpr_core").joinpath("_data", "icons", *name.split("/"))
    if not path.is_file():
        raise KeyError(name)
    return clean_svg(path.read_text("utf-8"))


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL)


def clean_svg(text: str) -> str:
    return _PROLOG.sub("", text).strip()


_ATTRIBUTION = {
    "fr": (
        "Pictogrammes et taxonomie : standard DTPR (Digital Trust for Places and Routines), "
        "© contributeurs DTPR, licence CC BY 4.0 — creativecommons.org/licenses/by/4.0 — "
        "source : github.com/Helpful-Places/dtpr",
        " (textes adaptés)",
    ),
    "en": (
        "Icons and taxonomy: DTPR standard (Digital Trust for Places and Routines), "
        "© DTPR contributors, licensed CC BY 4.0 — creativecommons.org/licenses/by/4.0 — "
        "source: github.com/Helpful-Places/dtpr",
        " (texts adapted)",
    ),
}

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SOURCE_URL = "https://github.com/Helpful-Places/dtpr"


def attribution(locale: str = "fr", taxonomy: Taxonomy | None = None) -> str:
    """The CC BY 4.0 credit to print, French unless English is asked for."""
    taxonomy = taxonomy or load_taxonomy()
    text, adapted = _ATTRIBUTION["en" if locale == "en" else "fr"]
    return text + adapted if taxonomy.adapted_locales else text


def element_title(element: Element, locale: str, values: Mapping[str, LocalText]) -> str:
    """The element's title with its variables filled in (never a raw ``{{…}}``)."""
    return interpolate(pick(element.title, locale), locale, values)


def interpolate(text: str, locale: str, values: Mapping[str, LocalText]) -> str:
    def replace(match: re.Match[str]) -> str:
        return pick(values.get(match.group(1)), locale) or "…"

    return _PLACEHOLDER.sub(replace, text)
