"""The shared page frame (head, header, language switcher, footer) and HTML responses.

No template engine: small functions that escape every value with :func:`esc`.
Everything a device, a technician or a visitor wrote goes through :func:`esc`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from importlib import resources
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from dtpr_core import __version__
from dtpr_core.locales import (
    DEFAULT_LOCALE,
    LOCALE_NAMES,
    LocalText,
    negotiate,
    normalise_locale,
    pick,
    picked_locale,
)
from dtpr_core.taxonomy import LICENCE_URL, SOURCE_URL, attribution
from dtpr_core.urls import Urls
from registry.pages.i18n import Words

CSS = resources.files("registry.pages").joinpath("static", "page.css").read_text("utf-8")
CSS = "".join(line.strip() for line in CSS.splitlines() if line.strip() and not line.startswith("/*"))

INDEX_PATH = "/"
INVENTORY_PATH = "/inventory"
INVENTORY_CSV_PATH = "/inventory.csv"
EXPORT_PATHS = (("CSV", "/export/sensors.csv"), ("GeoJSON", "/export/sensors.geojson"))
"""Open-data exports served by the API (paths shown on every page footer)."""

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
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


def page_locale(request: Request, default: str = DEFAULT_LOCALE) -> str:
    """``?lang=`` first, then ``Accept-Language``, then the default (French)."""
    asked = normalise_locale(request.query_params.get("lang")) if request.scope["query_string"] else None
    return asked or negotiate(request.headers.get("accept-language"), default)


def lang_attr(text_locale: str, page_lang: str) -> str:
    """`` lang="en"`` when a fragment is not in the page's language."""
    return "" if text_locale == page_lang else f' lang="{esc(text_locale)}"'


def local(texts: LocalText | None, locale: str) -> str:
    """A sensor's localized text, escaped, wrapped with ``lang`` when it fell back."""
    text, used = pick(texts, locale), picked_locale(texts, locale)
    return f"<span lang={_q(used)}>{esc(text)}</span>" if used != locale and text else esc(text)


def _q(value: str) -> str:
    return f'"{esc(value)}"'


def say(words: Words, key: str, **values: object) -> str:
    """A chrome string, escaped, marked ``lang="en"`` when this language lacks it."""
    text = esc(words(key, **values))
    used = words.lang_of(key)
    return f"<span lang={_q(used)}>{text}</span>" if used != words.locale else text


@dataclass(frozen=True, slots=True)
class Frame:
    """What the shared frame needs to know about one page."""

    title: str
    locale: str
    city: str
    urls: Urls
    canonical: str = ""
    lang_path: Sequence[tuple[str, str]] = ()
    """(locale, relative URL) for the switcher; also printed as hreflang alternates."""
    current_nav: str = ""
    wide: bool = False
    extra_head: list[str] = field(default_factory=list)


def _head(frame: Frame) -> str:
    """The ``<head>`` content before the style sheet (:data:`_STYLE`)."""
    parts = [_HEAD_START, f"<title>{esc(frame.title)}</title>", _HEAD_META]
    if frame.canonical:
        parts.append(f'<link rel="canonical" href="{esc(frame.canonical)}">')
    for locale, href in frame.lang_path:
        parts.append(f'<link rel="alternate" hreflang="{esc(locale)}" href="{esc(href)}">')
    if frame.lang_path:
        parts.append(f'<link rel="alternate" hreflang="x-default" href="{esc(frame.canonical)}">')
    parts.extend(frame.extra_head)
    return "".join(parts)


_HEAD_START = '<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
_HEAD_META = '<meta name="color-scheme" content="light"><meta name="referrer" content="no-referrer">'
_STYLE = f"<style>{CSS}</style>".encode()

CURRENT_PAGE = ' aria-current="page"'
CURRENT_LANG = ' aria-current="true"'


@lru_cache(maxsize=256)
def _header_parts(locale: str, city: str, wide: bool, current_nav: str) -> tuple[str, str, str]:
    """(header up to the language switcher, the switcher's opening, the header's end): per language."""
    words = Words(locale)
    nav = [(INDEX_PATH, "nav_index", "index"), (INVENTORY_PATH, "nav_inventory", "inventory")]
    items = "".join(
        f'<li><a href="{esc(href)}"{CURRENT_PAGE if name == current_nav else ""}>{say(words, key)}</a></li>'
        for href, key, name in nav
    )
    top = (
        f'<a class="skip" href="#main">{say(words, "skip")}</a>'
        f'<header class="top"><div class="wrap{" wide" if wide else ""}">'
        f'<a class="brand" href="{INDEX_PATH}"><b>{esc(city)}</b><span>{say(words, "site")}</span></a>'
        f'<nav aria-label="{esc(words("nav"))}"><ul>{items}</ul></nav>'
    )
    return top, f'<nav class="langs" aria-label="{esc(words("languages"))}"><ul>', "</div></header>"


def _header(frame: Frame) -> str:
    top, langs_start, end = _header_parts(frame.locale, frame.city, frame.wide, frame.current_nav)
    if not frame.lang_path:
        return top + end
    links = "".join(
        f'<li><a href="{esc(path_of(href))}" hreflang="{esc(locale)}" lang="{esc(locale)}"'
        f"{CURRENT_LANG if locale == frame.locale else ''}>{esc(LOCALE_NAMES[locale])}</a></li>"
        for locale, href in frame.lang_path
    )
    return f"{top}{langs_start}{links}</ul></nav>{end}"


@lru_cache(maxsize=64)
def _footer(locale: str, wide: bool) -> bytes:
    words = Words(locale)
    exports = " · ".join(f'<a href="{esc(path)}">{esc(label)}</a>' for label, path in EXPORT_PATHS)
    credit_lang = "en" if locale == "en" else "fr"
    return (
        f'<footer><div class="wrap{" wide" if wide else ""}"><p>{say(words, "footer_about")}</p>'
        f"<p>{say(words, 'footer_open_data')}{words.colon} {exports}</p>"
        f"<p{lang_attr(credit_lang, locale)}>{esc(attribution(credit_lang))}</p>"
        f'<p><a href="{esc(LICENCE_URL)}" rel="license">{say(words, "licence")}</a> · '
        f'<a href="{esc(SOURCE_URL)}">{say(words, "source")}</a></p></div></footer>'
    ).encode()


def document(frame: Frame, body: Iterable[str | bytes]) -> bytes:
    """The whole page, UTF-8, around *body*: already-escaped HTML of ``<main>``, in pieces.

    Pieces given as bytes (cached fragments, the style sheet, the footer) are joined as they
    are: only the few per-request strings are encoded.
    """
    wide = " wide" if frame.wide else ""
    parts = [
        f'<!doctype html><html lang="{esc(frame.locale)}" dir="ltr"><head>{_head(frame)}'.encode(),
        _STYLE,
        f'</head><body>{_header(frame)}<main id="main" class="wrap{wide}" tabindex="-1">'.encode(),
    ]
    parts.extend(piece if isinstance(piece, bytes) else piece.encode() for piece in body)
    parts += [b"</main>", _footer(frame.locale, frame.wide), b"</body></html>"]
    return b"".join(parts)


def render_page(frame: Frame, body: str) -> str:
    """The whole document around *body* (already-escaped HTML of ``<main>``)."""
    return document(frame, (body,)).decode("utf-8")


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
