"""The public map in the static export: its page in every language, its data, its background, its scripts.

Written by the live routes' own functions (``registry.map``), so ``/carte`` answers the same
bytes from nginx with the registry stopped; ``_dtpr/nginx-maps.conf`` gives the page its own
Content-Security-Policy (:func:`registry.map.page.map_csp`).
"""

from __future__ import annotations

from sqlmodel import Session

from dtpr_core.locales import LOCALES
from dtpr_core.settings import Settings
from dtpr_core.urls import map_data_name
from dtpr_store.reads import facets
from registry.export.writer import SiteWriter
from registry.map.files import read_map_files
from registry.map.page import STATIC_FILES, MapSite, render_map_page, static_file
from registry.pages import Pages
from registry.pages.i18n import Words


def write_map(writer: SiteWriter, session: Session, settings: Settings, pages: Pages) -> None:
    public = settings.public
    site = MapSite(public.city_name, public.urls, public.default_locale, settings.map)
    found = facets(session)
    for locale in LOCALES:
        body = render_map_page(pages.templates, site, Words(locale), found)
        writer.write_if_changed(f"carte/index.{locale}.html", body, page=True)
    writer.link("carte/index.html", f"carte/index.{public.default_locale}.html")
    files = read_map_files(session, settings.map)
    for locale, data in files.data.items():
        writer.write_if_changed(f"carte/{map_data_name(locale)}", data.plain)
    writer.write_if_changed("carte/communes.geojson", files.outlines.plain)
    for name in STATIC_FILES:
        writer.write_if_changed(f"carte/static/{name}", static_file(name))
