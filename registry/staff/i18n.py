"""The console's languages: French first, English too.

Texts sit in the templates as pairs, ``tr("Tableau de bord", "Dashboard")``; the
language comes from ``?lang=`` (remembered in a cookie under ``/staff``), then the
cookie, then the browser's ``Accept-Language``, French by default.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from dtpr_core.locales import negotiate

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"


def choose_lang(request: Request) -> str:
    for candidate in (request.query_params.get("lang"), request.cookies.get("dtpr_staff_lang")):
        if candidate in LANGS:
            return candidate
    negotiated = negotiate(request.headers.get("accept-language"), DEFAULT_LANG)
    return negotiated if negotiated in LANGS else DEFAULT_LANG


def translator(lang: str) -> Callable[[str, str], str]:
    def tr(fr: str, en: str) -> str:
        return en if lang == "en" else fr

    return tr
