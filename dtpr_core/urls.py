"""The one place every public URL is built: pages, JSON twins, signs, icons, QR codes.

Printed signs stay on the street for years, so these shapes are frozen by a test.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from dtpr_core.locales import DEFAULT_LOCALE, LOCALES
from dtpr_core.model import is_valid_sensor_id

SIGN_FORMATS = ("svg", "pdf", "png")
EXPORT_FILES = ("sensors.csv", "sensors.geojson")


def map_data_name(locale: str) -> str:
    """The map's data file for a page in *locale*: ``sensors.json`` (French), ``sensors.es.json``…"""
    return "sensors.json" if locale == DEFAULT_LOCALE else f"sensors.{locale}.json"


MAP_FILES = (*(map_data_name(locale) for locale in LOCALES), "communes.geojson")


def with_lang(url: str, locale: str, default_locale: str) -> str:
    """*url* (a path, or an absolute URL of :class:`Urls`) as a link that keeps the reader's language.

    The one way a public page keeps the language a visitor chose, without a cookie: every
    link to another public page carries ``?lang=<locale>``, unless *locale* is the site's
    default language (a URL without ``lang`` then answers in it, or in the browser's
    ``Accept-Language``). A ``lang`` already in *url* is replaced; the fragment is kept.
    Pages use it as the ``keep_lang`` template filter (``registry.pages.templating``).
    """
    base, hash_mark, fragment = url.partition("#")
    path, _, query = base.partition("?")
    params = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name != "lang"]
    if locale != default_locale:
        params.append(("lang", locale))
    return path + ("?" + urlencode(params) if params else "") + hash_mark + fragment


def _checked(sensor_id: str) -> str:
    if not is_valid_sensor_id(sensor_id):
        raise ValueError(f"invalid sensor id {sensor_id!r}")
    return sensor_id


@dataclass(frozen=True, slots=True)
class Urls:
    """Builds absolute URLs from the public origin (``DTPR_PUBLIC__BASE_URL``)."""

    base_url: str

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"public base URL must look like https://capteurs.example.fr, not {self.base_url!r}")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    def home(self) -> str:
        return self.base_url + "/"

    def sensor_page(self, sensor_id: str, lang: str | None = None) -> str:
        """The page a sign's QR code opens (no tracking parameters, ever)."""
        url = f"{self.base_url}/s/{_checked(sensor_id)}"
        return f"{url}?lang={quote(lang)}" if lang else url

    def sensor_json(self, sensor_id: str) -> str:
        return f"{self.base_url}/s/{_checked(sensor_id)}.json"

    def datachain_json(self, sensor_id: str) -> str:
        return f"{self.base_url}/s/{_checked(sensor_id)}/datachain.json"

    def feedback(self, sensor_id: str) -> str:
        return f"{self.base_url}/s/{_checked(sensor_id)}/feedback"

    def helpful(self, sensor_id: str) -> str:
        """Where the "did this page help?" buttons post."""
        return f"{self.base_url}/s/{_checked(sensor_id)}/helpful"

    def sign(self, sensor_id: str, fmt: str = "svg") -> str:
        if fmt not in SIGN_FORMATS:
            raise ValueError(f"sign format must be one of {SIGN_FORMATS}")
        return f"{self.base_url}/signs/{_checked(sensor_id)}.{fmt}"

    def inventory(self) -> str:
        """The personal-data inventory page (« Cartographie des données personnelles »)."""
        return f"{self.base_url}/inventory"

    def inventory_csv(self) -> str:
        return f"{self.base_url}/inventory.csv"

    def export(self, name: str) -> str:
        """An open-data export: ``sensors.csv`` or ``sensors.geojson``."""
        if name not in EXPORT_FILES:
            raise ValueError(f"export must be one of {EXPORT_FILES}")
        return f"{self.base_url}/export/{name}"

    def map_page(self, lang: str | None = None) -> str:
        """The public map (``/carte``): the one public page with JavaScript."""
        url = f"{self.base_url}/carte"
        return f"{url}?lang={quote(lang)}" if lang else url

    def map_file(self, name: str) -> str:
        """A file the map draws: its data in a language (:func:`map_data_name`) or ``communes.geojson`` (its background)."""
        if name not in MAP_FILES:
            raise ValueError(f"map file must be one of {MAP_FILES}")
        return f"{self.base_url}/carte/{name}"

    def icon(self, name: str) -> str:
        return f"{self.base_url}/dtpr-icons/{quote(name)}"

    def api(self, path: str) -> str:
        return f"{self.base_url}/api/v1/{path.lstrip('/')}"

    def short_sensor_url(self, sensor_id: str) -> str:
        """The sensor page URL as printed under a QR code: no scheme, typable."""
        return self.sensor_page(sensor_id).split("://", 1)[1]


AddressFault = Literal["loopback", "private", "bare_ip", "local_name", "not_https"]
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid")
_FAULT_WHY = {
    "loopback": "a loopback address: only this machine opens it",
    "private": "a private network address: phones in the street cannot reach it",
    "bare_ip": "a bare IP address: it changes with the host and cannot carry a certificate",
    "local_name": "a local name: the internet cannot resolve it",
    "not_https": "not https: phones warn or refuse, and the answers could be altered on the way",
}


@dataclass(frozen=True, slots=True)
class UnfitSignAddress:
    """Why a base URL must not be printed on a sign (a QR code in the street lives for years)."""

    base_url: str
    fault: AddressFault

    @property
    def reason(self) -> str:
        """``http://127.0.0.1:8000 is a loopback address: only this machine opens it``."""
        return f"{self.base_url} is {_FAULT_WHY[self.fault]}"


def _host_fault(host: str) -> AddressFault | None:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host:
            return "loopback" if host == "localhost" or host.endswith(".localhost") else "local_name"
        return None
    if ip.is_loopback:
        return "loopback"
    if ip.is_private or ip.is_link_local or ip.is_unspecified or ip.is_reserved:
        return "private"
    return "bare_ip"


def unfit_sign_address(base_url: str) -> UnfitSignAddress | None:
    """``None`` when *base_url* may be printed on a sign: https on a public name; else the fault."""
    parts = urlsplit(base_url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    fault = _host_fault(host) or (None if parts.scheme == "https" else "not_https")
    return UnfitSignAddress(base_url.rstrip("/"), fault) if fault else None
