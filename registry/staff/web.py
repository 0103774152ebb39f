"""The console's frame: the route class every staff route uses, templates, responses.

:class:`StaffRoute` wraps every route of a :func:`staff_router`, so each page, present
or future, gets by construction: the signed-in staff member resolved
(``request.state.staff``), the CSRF check of every state-changing request, the redirect
to sign-in, ``Cache-Control: no-store`` and the security headers, and the language.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from dtpr_core.errors import DtprError
from registry.staff.i18n import LANG_COOKIE, LANGS, choose_lang, say
from registry.staff.session import (
    csrf_matches,
    expected_csrf,
    resolve_staff,
    set_staff_cookie,
)
from registry.staff.templates_env import render_template

PREFIX = "/staff"
LOGIN_PATH = f"{PREFIX}/login"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STAFF_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
}


class SignInRequired(Exception):
    """Raised by :func:`require_staff` when nobody is signed in: answered by a redirect."""


class StaffDenied(Exception):
    """A staff page refusing a request (role too low, bad CSRF, throttled): an HTML page with a status.

    *key* names the message in the ``staff`` catalogue; *values* fill its placeholders."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class StaffRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def staff_handler(request: Request) -> Response:
            state = request.app.state
            request.state.lang = choose_lang(request)
            # a database read (and sometimes a write): never on the event loop
            request.state.staff = await run_in_threadpool(resolve_staff, request, state.engine, state.settings)
            try:
                if request.method not in SAFE_METHODS:
                    await check_csrf(request)
                response = await handler(request)
            except SignInRequired:
                response = sign_in_redirect(request)
            except StaffDenied as denied:
                message = say(request.state.lang, denied.key, **denied.values)
                response = render(request, "error.html", status=denied.status, message=message)
            except DtprError as error:  # e.g. NotFound from a shared read
                message = say(request.state.lang, "refused_reason", reason=str(error))
                response = render(request, "error.html", status=error.status, message=message)
            except RequestValidationError as error:
                response = invalid_request(request, error)
            except HTTPException as error:  # e.g. a malformed form body
                message = say(request.state.lang, "refused_reason", reason=str(error.detail))
                response = render(request, "error.html", status=error.status_code, message=message)
            return finish(request, response)

        return staff_handler


def invalid_request(request: Request, error: RequestValidationError) -> Response:
    where = ", ".join(str(item["loc"][-1]) for item in error.errors()[:3])
    return render(request, "error.html", status=422, message=say(request.state.lang, "value_refused", where=where))


def staff_router() -> APIRouter:
    """The router of a console module: its routes live under ``/staff`` and use :class:`StaffRoute`."""
    return APIRouter(prefix=PREFIX, route_class=StaffRoute, include_in_schema=False)


MAX_FORM_FIELDS = 5_100
"""Fields of one console form: the print centre's 5,000 ticked signs and its options (Starlette's default is 1,000)."""


async def check_csrf(request: Request) -> None:
    form = await request.form(max_fields=MAX_FORM_FIELDS)  # parsed once: the route's Form() reads this one
    if not csrf_matches(expected_csrf(request, request.state.staff), form.get("csrf")):
        raise StaffDenied(403, "form_expired")


def sign_in_redirect(request: Request) -> Response:
    target = request.url.path if request.method == "GET" else PREFIX + "/"
    return RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='/')}", status_code=303)


def finish(request: Request, response: Response) -> Response:
    """The console's headers; a page that set its own policy keeps it (the staff map's scripts)."""
    own_policy = response.headers.get("content-security-policy")
    for name, value in STAFF_HEADERS.items():
        response.headers[name] = value
    if own_policy:
        response.headers["content-security-policy"] = own_policy
    asked = request.query_params.get("lang")
    if asked in LANGS and request.cookies.get(LANG_COOKIE) != asked:
        set_staff_cookie(response, request.app.state.settings, LANG_COOKIE, asked, 365 * 24 * 3600)
    return response


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A console page from ``registry/staff/templates/`` in the request's language."""
    html = render_template(request, template, context)
    return HTMLResponse(html, status_code=status)


def redirect(path: str) -> RedirectResponse:
    """After a successful POST: see the result with a GET (303)."""
    return RedirectResponse(path, status_code=303)
