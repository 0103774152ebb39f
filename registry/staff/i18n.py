"""The console's languages and words: the ``staff`` gettext catalogues, French first, English too.

Every text lives in ``dtpr_core/_data/locales/<lang>/LC_MESSAGES/staff.po`` (keys, English
as the source, see ``docs/translators.md``); templates call ``_("key", name=value)``, Python
code :func:`say`. The language comes from ``?lang=`` (remembered in a cookie under
``/staff``), then the cookie, then the browser's ``Accept-Language``, French by default.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from dtpr_core.catalogues import DOMAINS, STAFF_DOMAIN, translate
from dtpr_core.locales import negotiate

LANGS = DOMAINS[STAFF_DOMAIN]
"""The console's languages: those with a complete ``staff`` catalogue."""
LANG_COOKIE = "dtpr_staff_lang"
DEFAULT_LANG = "fr"


def choose_lang(request: Request) -> str:
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGS:
            return candidate
    negotiated = negotiate(request.headers.get("accept-language"), DEFAULT_LANG)
    return negotiated if negotiated in LANGS else DEFAULT_LANG


def say(lang: str, key: str, **values: object) -> str:
    """The console's text *key* in *lang* (plain, not escaped), ``{name}`` placeholders filled in."""
    text, _ = translate(lang, key, domain=STAFF_DOMAIN)
    return text.format(**values) if values else text


def words(lang: str) -> Callable[..., str]:
    """``_`` of the templates: ``_("key", name=value)`` in *lang*."""

    def _(key: str, **values: object) -> str:
        return say(lang, key, **values)

    return _
