"""What every public page shares in Python: escaping, links, language, ETags and HTML responses.

The markup itself lives in ``templates/`` (``base.html`` is the frame of every page).
Everything a device, a technician or a visitor wrote goes through :func:`esc`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from dtpr_core import __version__
from dtpr_core.formats import language_name
from dtpr_core.locales import (
    Localized,
    LocalText,
    negotiate,
    normalise_locale,
    pick,
    picked_locale,
)
from dtpr_core.urls import Urls
from registry.pages.i18n import Words

CSS = resources.files("registry.pages").joinpath("static", "page.css").read_text("utf-8")
CSS = "".join(line.strip() for line in CSS.splitlines() if line.strip() and not line.startswith("/*"))

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


_SPECIAL = re.compile(r"[&<>\"']")


def esc(value: object) -> str:
    """Escape text for HTML content and double-quoted attributes."""
    text = str(value)
    return escape(text, quote=True) if _SPECIAL.search(text) else text  # most texts need nothing


def path_of(url: str) -> str:
    """The path (and query) of an absolute URL built by :class:`Urls`: links stay same-origin."""
    start = url.find("://") + 3
    slash = url.find("/", start) if start > 2 and "#" not in url else -1
    if slash > 0 and "?" not in url[start:slash]:  # the common case, without urlsplit's cost
        return url[slash:]
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_locale(request: Request, default: str) -> str:
    """``?lang=`` first, then ``Accept-Language``, then *default* (``DTPR_PUBLIC__DEFAULT_LOCALE``)."""
    asked = normalise_locale(request.query_params.get("lang")) if request.scope["query_string"] else None
    return asked or negotiate(request.headers.get("accept-language"), default)


def lang_attr(text_locale: str, page_lang: str) -> str:
    """`` lang="en"`` when a fragment is not in the page's language."""
    return "" if text_locale == page_lang else f' lang="{esc(text_locale)}"'


def local(texts: LocalText | None, locale: str) -> str:
    """A sensor's localized text, escaped; when it fell back, with its own ``lang`` and a short
    notice in the reader's language ("Este texto solo existe en francés"): never silently another language."""
    text, used = pick(texts, locale), picked_locale(texts, locale)
    if used == locale or not text:
        return esc(text)
    return f"<span lang={_q(used)}>{esc(text)}</span>{fallback_notice(used, locale)}"


def fallback_notice(text_lang: str, locale: str) -> str:
    """`` <small class="fallback">(Ce texte n’existe qu’en anglais.)</small>``, in *locale*."""
    words = Words(locale)
    notice = words("fallback_only_in", language=language_name(text_lang, locale))
    lang = words.lang_of("fallback_only_in")
    marked = f' lang="{lang}"' if lang != locale else ""
    return f' <small class="fallback"{marked}>({esc(notice)})</small>'


def marked(parts: Iterable[Localized], locale: str) -> str:
    """Language-tagged pieces (:mod:`dtpr_core.fallback`) as HTML, each foreign piece with its ``lang``."""
    return "".join(
        f"<span lang={_q(part.lang)}>{esc(part.text)}</span>" if part.lang != locale else esc(part.text)
        for part in parts
    )


def _q(value: str) -> str:
    return f'"{esc(value)}"'


def say(words: Words, key: str, **values: object) -> str:
    """A chrome string, escaped, marked ``lang="en"`` when this language lacks it."""
    text = esc(words(key, **values))
    used = words.lang_of(key)
    return f"<span lang={_q(used)}>{text}</span>" if used != words.locale else text


@dataclass(frozen=True, slots=True)
class SitePaths:
    """The site's own links, as paths (same-origin), from the URL builder."""

    index: str
    inventory: str
    inventory_csv: str
    map: str
    exports: tuple[tuple[str, str], ...]
    """(label, path) of the open-data exports, shown in every page's footer."""


def site_paths(urls: Urls) -> SitePaths:
    return SitePaths(
        index=path_of(urls.home()),
        inventory=path_of(urls.inventory()),
        inventory_csv=path_of(urls.inventory_csv()),
        map=path_of(urls.map_page()),
        exports=(("CSV", path_of(urls.export("sensors.csv"))), ("GeoJSON", path_of(urls.export("sensors.geojson")))),
    )


def etag_of(*made_of: object) -> str:
    """A strong validator from what a page is made of (not its bytes, which cost more to hash).

    *made_of* must hold everything the page depends on, as values whose ``str`` is stable and
    holds no NUL; the product version is added, so an upgrade changes every tag. 96 bits of SHA-256.
    """
    text = "\x00".join(map(str, (__version__, *made_of)))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:24] + '"'


def etag_matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags: Iterable[str] = (tag.strip().removeprefix("W/") for tag in header.split(","))
    return any(tag in ("*", etag) for tag in tags)


def html_response(
    body: str | bytes,
    *,
    status: int = 200,
    cache: bool = False,
    vary_language: bool = True,
    etag: str | None = None,
) -> Response:
    """An HTML response with the security headers; cacheable pages get ``max-age=60``."""
    response = HTMLResponse(body.encode("utf-8") if isinstance(body, str) else body, status_code=status)
    response.raw_headers.extend(_raw_headers(cache, vary_language))
    if etag:
        response.raw_headers.append((b"etag", etag.encode("latin-1")))
    return response


@lru_cache(maxsize=4)
def _raw_headers(cache: bool, vary_language: bool) -> tuple[tuple[bytes, bytes], ...]:
    """The fixed headers of :func:`html_response`, encoded once."""
    headers = dict(SECURITY_HEADERS)
    headers["Cache-Control"] = "public, max-age=60" if cache else "no-store"
    if vary_language:
        headers["Vary"] = "Accept-Language"
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items())


def not_modified(etag: str) -> Response:
    headers = {**SECURITY_HEADERS, "ETag": etag, "Cache-Control": "public, max-age=60", "Vary": "Accept-Language"}
    return Response(status_code=304, headers=headers)
