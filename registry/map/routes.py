"""``/carte``: the public map, its data, its background and its scripts (see ``registry.map``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from dtpr_core.errors import NotFound
from dtpr_core.locales import DEFAULT_LOCALE
from dtpr_store.reads import facets
from registry.deps import SessionDep
from registry.map.files import Body, MapFiles, MapFilesCache, build_map_files
from registry.map.page import STATIC_FILES, MapSite, map_headers, render_map_page, static_file
from registry.pages.i18n import Words
from registry.pages.layout import page_locale
from registry.state import RegistryState

router = APIRouter(include_in_schema=False)


def _map_files(state: RegistryState) -> MapFiles:
    """The app's map files (``app.state.map_files``, a :class:`MapFilesCache`)."""
    cache: MapFilesCache = state.map_files
    return cache.get(lambda: build_map_files(state.engine, state.settings.map))


@router.api_route("/carte", methods=["GET", "HEAD"])
def map_page(request: Request, session: SessionDep) -> Response:
    state = request.app.state
    settings = state.settings
    words = Words(page_locale(request, settings.public.default_locale))
    site = MapSite(settings.public.city_name, state.urls, settings.public.default_locale, settings.map)
    found = state.page_cache.facets.get(lambda: facets(session))
    body = render_map_page(state.templates, site, words, found)
    headers = {**map_headers(settings.map), "Cache-Control": "public, max-age=60", "Vary": "Accept-Language"}
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


@router.api_route("/carte/sensors.json", methods=["GET", "HEAD"])
def map_data_file(request: Request) -> Response:
    return _file(request, _map_files(request.app.state).data[DEFAULT_LOCALE], "application/json")


@router.api_route("/carte/sensors.{locale}.json", methods=["GET", "HEAD"])
def map_data_file_in(request: Request, locale: str) -> Response:
    """The data with each sensor's name in *locale* (:func:`dtpr_core.urls.map_data_name`)."""
    found = _map_files(request.app.state).data.get(locale) if locale != DEFAULT_LOCALE else None
    if found is None:
        raise NotFound(f"no map data in '{locale[:16]}'")
    return _file(request, found, "application/json")


@router.api_route("/carte/communes.geojson", methods=["GET", "HEAD"])
def map_outlines_file(request: Request) -> Response:
    return _file(request, _map_files(request.app.state).outlines, "application/geo+json")


@router.api_route("/carte/static/{name}", methods=["GET", "HEAD"])
def map_static(name: str) -> Response:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise NotFound(f"no map file '{name[:80]}'")
    headers = {"Cache-Control": "public, max-age=604800, immutable", "X-Content-Type-Options": "nosniff"}
    return Response(static_file(name), media_type=media_type, headers=headers)


def _file(request: Request, body: Body, media_type: str) -> Response:
    headers = {"Cache-Control": "public, max-age=60", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body.gzipped, media_type=media_type, headers=headers)
    return Response(body.plain, media_type=media_type, headers=headers)
