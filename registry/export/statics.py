"""The export's site-wide files: icons, style sheet, open data, sitemap, robots.txt, nginx maps.

Each is written only when its bytes changed (``--changed`` keeps them untouched otherwise).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from importlib import resources
from itertools import islice
from xml.sax.saxutils import escape

from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.locales import LOCALES
from dtpr_core.settings import Settings
from dtpr_core.taxonomy import icon_svg
from dtpr_store.reads import iter_declared_ids
from registry.export.open_data import OpenData
from registry.export.writer import SiteWriter
from registry.map.page import map_csp
from registry.pages.layout import SECURITY_HEADERS

SITEMAP_URLS = 50_000
"""The sitemap protocol's limit per file; past it, ``sitemap.xml`` is an index of files."""
SENSOR_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}"


def write_statics(
    writer: SiteWriter, engine: Engine, settings: Settings, listing_urls: Iterable[str], open_data: OpenData
) -> None:
    """*open_data*: what the export's pass over the register gathered."""
    _icons(writer)
    css = resources.files("registry.pages").joinpath("static", "page.css").read_bytes()
    writer.write_if_changed("static/page.css", css)
    open_data.write(writer)
    _sitemap(writer, engine, settings, listing_urls)
    base = settings.public.urls.base_url
    writer.write_if_changed("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode())
    maps = nginx_maps(settings.public.default_locale, map_csp(settings.map))
    writer.write_if_changed("_dtpr/nginx-maps.conf", maps.encode())


def _icons(writer: SiteWriter) -> None:
    root = resources.files("dtpr_core").joinpath("_data", "icons")
    for folder in ("", "symbols/", "shapes/"):
        place = root.joinpath(folder) if folder else root
        for item in sorted(place.iterdir(), key=lambda entry: entry.name):
            if item.name.endswith(".svg"):
                name = folder + item.name
                writer.write_if_changed(f"dtpr-icons/{name}", icon_svg(name).encode())


def _sitemap(writer: SiteWriter, engine: Engine, settings: Settings, listing_urls: Iterable[str]) -> None:
    urls = settings.public.urls
    base = urls.base_url

    def locations() -> Iterator[str]:
        yield from (base + path for path in listing_urls)
        yield f"{base}/inventory"
        with Session(engine) as session:
            for sensor_id in iter_declared_ids(session):
                yield urls.sensor_page(sensor_id)

    parts = 0
    found = locations()
    while chunk := list(islice(found, SITEMAP_URLS)):
        parts += 1
        body = io.StringIO()
        body.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        )
        body.writelines(f"<url><loc>{escape(url)}</loc></url>\n" for url in chunk)
        body.write("</urlset>\n")
        writer.write_if_changed(f"sitemaps/{parts}.xml", body.getvalue().encode())
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    index += [f"<sitemap><loc>{escape(base)}/sitemaps/{part}.xml</loc></sitemap>\n" for part in range(1, parts + 1)]
    index.append("</sitemapindex>\n")
    writer.write_if_changed("sitemap.xml", "".join(index).encode())


def nginx_maps(default_locale: str, map_policy: str) -> str:
    """The ``map`` blocks ``deploy/nginx/`` includes at ``http`` level: which file answers a URL.

    ``$dtpr_lang``: ``?lang=`` when it names a language, else the first language of
    ``Accept-Language`` that we have, else the default. ``$dtpr_file``: the file for the URI.
    ``$dtpr_cache_control``: a minute for pages, a week for icons (the pages link them with
    the taxonomy's version in the query, as the registry serves them; the map's scripts too).
    ``$dtpr_csp``: the pages' Content-Security-Policy, and the map's own (*map_policy*) on ``/carte``
    (by the URI asked for: ``try_files`` changes ``$uri``).
    """
    page_policy = SECURITY_HEADERS["Content-Security-Policy"]
    choices = "|".join(LOCALES)
    return f"""# Written by `dtpr export site`: do not edit (the next export rewrites it).
map $http_accept_language $dtpr_accept_lang {{
    default {default_locale};
    "~*^\\s*({choices})\\b" $1;
}}
map $arg_lang $dtpr_lang {{
    default $dtpr_accept_lang;
    "~^({choices})$" $1;
}}
map $args $dtpr_query {{
    default "";
    "~^(?!.*\\.\\.)(?<query>[A-Za-z0-9=&%+._~-]{{1,400}})$" $query;
}}
map $uri $dtpr_file {{
    default $uri;
    "~(^/_dtpr/|/\\.)" /_dtpr/none;
    "~^/s/(?<sensor>{SENSOR_ID_PATTERN})/?$" /s/$sensor/index.$dtpr_lang.html;
    "~^/inventory/?$" /inventory/index.$dtpr_lang.html;
    "~^/carte/?$" /carte/index.$dtpr_lang.html;
    "/" /_q/$dtpr_query.html;
}}
map $uri $dtpr_fallback {{
    default /_dtpr/none;
    "/" /index.$dtpr_lang.html;
}}
map $uri $dtpr_cache_control {{
    default "public, max-age=60";
    "~^/dtpr-icons/" "public, max-age=604800, immutable";
    "~^/carte/static/" "public, max-age=604800, immutable";
}}
map $request_uri $dtpr_csp {{
    default "{page_policy}";
    "~^/carte/?(\\?|$)" "{map_policy}";
}}
"""
