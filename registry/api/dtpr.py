"""DTPR-compatible taxonomy endpoints (upstream wire shapes, GUIDE §7); the icons are ``registry.public.icons``.

``/api/dtpr/v1/elements[/device]`` and ``/api/dtpr/v1/categories/device`` answer what
upstream's API answers, so existing DTPR tooling can read this registry; every string
is a locale array ``[{"locale", "value"}]``, filtered with ``?locales=fr,en``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from dtpr_core.errors import DtprError
from dtpr_core.locales import LOCALES, LocalText
from dtpr_core.taxonomy import Category, Element, Taxonomy, load_taxonomy
from dtpr_core.urls import Urls
from registry.deps import UrlsDep
from registry.pages.caches import PageCache

router = APIRouter(tags=["dtpr"])

ELEMENT_SCHEMA = {
    "name": "DTPR Element",
    "id": "dtpr_element",
    "version": "0.2",
    "namespace": "https://dtpr.io/schemas/element/v0.2",
}
CATEGORY_SCHEMA = {
    "name": "DTPR Category",
    "id": "dtpr_category",
    "version": "0.2",
    "namespace": "https://dtpr.io/schemas/category/v0.2",
}
REQUIRED_CATEGORIES = frozenset({"accountable", "purpose", "tech"})
TAXONOMY_CACHE = "public, max-age=3600"

LocalesQuery = Annotated[
    str | None,
    Query(max_length=100, description="Comma-separated locales to keep, e.g. fr,en", examples=["fr,en"]),
]


def parse_locales(value: str | None) -> tuple[str, ...]:
    if not value:
        return LOCALES
    wanted = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [locale for locale in wanted if locale not in LOCALES]
    if unknown or not wanted:
        raise DtprError(f"unknown locale(s) {', '.join(unknown) or value!r}; choose among {', '.join(LOCALES)}")
    return tuple(locale for locale in LOCALES if locale in wanted)


def locale_array(texts: LocalText, locales: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"locale": locale, "value": texts[locale]} for locale in locales if texts.get(locale)]


def _variables(taxonomy: Taxonomy, element: Element, locales: tuple[str, ...]) -> list[dict[str, Any]]:
    labels = {v.id: v for c in taxonomy.categories for v in c.variables}
    out = []
    for name in element.variables:
        declared = labels.get(name)
        label = locale_array(declared.label, locales) if declared else [{"locale": "en", "value": name}]
        out.append({"id": name, "label": label, "required": True})  # the element's text uses it
    return out


def element_json(taxonomy: Taxonomy, element: Element, urls: Urls, locales: tuple[str, ...]) -> dict[str, Any]:
    return {
        "schema": ELEMENT_SCHEMA,
        "element": {
            "id": element.id,
            "category_ids": list(element.category_ids),
            "version": taxonomy.source_commit[:12],
            "icon": {"url": urls.icon(element.icon), "alt_text": locale_array(element.title, locales), "format": "svg"},
            "title": locale_array(element.title, locales),
            "description": locale_array(element.description, locales),
            "citation": [],
            "variables": _variables(taxonomy, element, locales),
        },
    }


def category_json(taxonomy: Taxonomy, category: Category, locales: tuple[str, ...]) -> dict[str, Any]:
    return {
        "schema": CATEGORY_SCHEMA,
        "category": {
            "id": category.id,
            "order": category.order,
            "required": category.key in REQUIRED_CATEGORIES,
            "name": locale_array(category.name, locales),
            "description": locale_array(category.description, locales),
            "prompt": locale_array(category.description, locales),
            "version": taxonomy.source_commit[:12],
            "element_variables": [
                {"id": v.id, "label": locale_array(v.label, locales), "required": v.required}
                for v in category.variables
            ],
        },
    }


def _elements_body(request: Request, urls: Urls, locales: tuple[str, ...]) -> bytes:
    """The elements in *locales*, made once per app (``PageCache.dtpr_elements``)."""
    cache: PageCache = request.app.state.page_cache
    key = (urls, locales)
    body = cache.dtpr_elements.get(key)
    if body is None:
        body = _make_elements_body(urls, locales)
        cache.dtpr_elements.put(key, body)
    return body


def _make_elements_body(urls: Urls, locales: tuple[str, ...]) -> bytes:
    taxonomy = load_taxonomy()
    ordered = [taxonomy.element(i) for c in taxonomy.categories for i in c.element_ids if i in taxonomy.elements]
    seen: set[str] = set()
    unique = [e for e in ordered if not (e.id in seen or seen.add(e.id))]  # type: ignore[func-returns-value]
    return bytes(JSONResponse([element_json(taxonomy, e, urls, locales) for e in unique]).body)


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json", headers={"Cache-Control": TAXONOMY_CACHE})


@router.get("/api/dtpr/v1/elements", summary="Every DTPR element (upstream shape)")
def elements(request: Request, urls: UrlsDep, locales: LocalesQuery = None) -> Response:
    return _json(_elements_body(request, urls, parse_locales(locales)))


@router.get("/api/dtpr/v1/elements/device", summary="The elements of the device datachain type (upstream shape)")
def device_elements(request: Request, urls: UrlsDep, locales: LocalesQuery = None) -> Response:
    return _json(_elements_body(request, urls, parse_locales(locales)))


@router.get("/api/dtpr/v1/categories/device", summary="The 8 device categories in datachain order (upstream shape)")
def device_categories(locales: LocalesQuery = None) -> Response:
    taxonomy = load_taxonomy()
    chosen = parse_locales(locales)
    return _json(bytes(JSONResponse([category_json(taxonomy, c, chosen) for c in taxonomy.categories]).body))
