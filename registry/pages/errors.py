"""The HTML error pages (same frame as every public page): any error, the friendly "not found", 403.

:class:`ErrorPages` is made once with the app (``app.state.error_pages``) and passed to
``registry.errors`` as its HTML renderer. The city's contact shown on "not found" is read
here, before rendering, and kept ten minutes (``PageCache.city_contact``); the templates
only render. Nothing from the request is printed unescaped.

The pages that may show the contact are ``async`` (they are answered from ``async`` routes
and error handlers): the contact is read in a worker thread when it is not fresh, never on
the event loop (a database read there stalls every request of the registry).
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment
from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.model import Organisation
from dtpr_core.urls import Urls
from dtpr_store.reads import city_contact
from registry.pages.caches import PageCache
from registry.pages.i18n import Words
from registry.pages.layout import html_response, page_locale
from registry.pages.templating import render_page


class ErrorPages:
    """Error pages of one app, in the visitor's language."""

    def __init__(
        self, env: Environment, *, city: str, urls: Urls, default_locale: str, engine: Engine, cache: PageCache
    ) -> None:
        self.env, self.city, self.urls, self.default_locale = env, city, urls, default_locale
        self.engine, self.cache = engine, cache

    def _page(self, name: str, locale: str, code: int, **values: object) -> Response:
        body = render_page(self.env, name, Words(locale), city=self.city, urls=self.urls, **values)
        return html_response(body, status=code)

    def contact(self) -> Organisation | None:
        """The city's own contact (read at most every ten minutes). Sync: never call it on the event loop."""

        def read() -> Organisation | None:
            with Session(self.engine) as session:
                return city_contact(session)

        found = self.cache.city_contact.get(read)
        return found if isinstance(found, Organisation) else None

    async def contact_off_loop(self) -> Organisation | None:
        """:meth:`contact` for ``async`` code: the fresh value at once, else read in a worker thread."""
        fresh = self.cache.city_contact.fresh()
        found = fresh[0] if fresh is not None else await anyio.to_thread.run_sync(self.contact)
        return found if isinstance(found, Organisation) else None

    async def not_found(self, request: Request, locale: str | None = None) -> Response:
        """The friendly 404 of an unknown, invalid or not-yet-public sensor id."""
        locale = locale or page_locale(request, self.default_locale)
        words = Words(locale)
        contact = await self.contact_off_loop()
        return self._page("not_found.html", locale, 404, title=words("not_found_title"), contact=contact)

    def forbidden(self, locale: str) -> Response:
        """A cross-site form post."""
        return self._page("forbidden.html", locale, 403, title="403")

    def too_many(self, locale: str, back: str) -> Response:
        """Over the feedback rate limit: answered at once, without reading or rendering the sensor."""
        response = self._page("too_many.html", locale, 429, title=Words(locale)("err_title_429"), back=back)
        response.headers["Retry-After"] = "60"
        return response

    async def error(self, request: Request, status: int, message: str) -> Response:
        """Any error as an HTML page in the visitor's language (``registry.errors`` awaits it).

        The page says what happened in the visitor's words (:func:`error_words`), never the
        code's English *message* (meant for API clients, which get it in the JSON error shape).
        """
        try:
            locale = page_locale(request, self.default_locale)
            if status == 404 and request.url.path.startswith("/s/"):
                return await self.not_found(request, locale)
        except Exception:  # never fail while reporting an error
            locale = self.default_locale
        title_key, text_key = error_words(status)
        title = Words(locale)(title_key)
        return self._page("error.html", locale, status, title=title, status=status, text_key=text_key)


EXPLAINED = (404, 405, 410, 429, 500)
"""The statuses an error page explains in their own words; any other gets the general one."""


def error_words(status: int) -> tuple[str, str]:
    """The catalogue keys of an error page's title and sentence (``err_title_404``, ``err_text_404``)."""
    name = str(status) if status in EXPLAINED else "other"
    return f"err_title_{name}", f"err_text_{name}"
