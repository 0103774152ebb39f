"""The one error shape, mapped once for every kind of error, and the request size limit.

Every error a client can meet is ``{"ok": false, "status": 404, "error": "…", "errors": [...]}``
(each item ``{"field", "message", "severity"}``), or, for a person's browser on a public
page, the HTML error page given to :func:`install_error_handlers` (``registry.pages.errors``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dtpr_core.errors import DtprError, Problem

log = logging.getLogger("dtpr.registry")

MACHINE_PREFIXES = ("/api/", "/export/", "/dtpr-icons/", "/signs/")
MACHINE_SUFFIXES = (".json", ".csv", ".geojson", ".svg", ".pdf", ".png")


class TooManyRequests(DtprError):
    status = 429
    code = "too_many_requests"


class PayloadTooLarge(DtprError):
    status = 413
    code = "payload_too_large"


def error_body(status: int, message: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one JSON error shape."""
    return {"ok": False, "status": status, "error": message, "errors": errors or []}


def error_json(status: int, message: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)


def problem_item(problem: Problem) -> dict[str, Any]:
    return {"field": problem.field, "message": problem.message, "severity": problem.severity}


def wants_html(request: Request) -> bool:
    """A person's browser on a public page (not the API, exports, icons or a .json twin)."""
    path = request.url.path
    if path.startswith(MACHINE_PREFIXES) or path.endswith(MACHINE_SUFFIXES) or path == "/healthz":
        return False
    return "text/html" in request.headers.get("accept", "")


HtmlErrorPage = Callable[[Request, int, str], Awaitable[Response]]
"""``async (request, status, message) -> Response``: the HTML error page, given by ``install_error_handlers``
(``async``: the handlers run on the event loop, so whatever it reads goes to a worker thread)."""


async def respond(request: Request, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> Response:
    renderer: HtmlErrorPage | None = request.app.state.html_error_page
    if renderer is not None and wants_html(request):
        try:
            return await renderer(request, status, message)
        except Exception:  # an error page must never fail the error itself
            log.exception("the HTML error page failed; answering JSON")
    return error_json(status, message, errors)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


async def _dtpr_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DtprError)
    return await respond(request, exc.status, exc.message, [problem_item(p) for p in exc.problems])


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field(tuple(item.get("loc", ()))), "message": str(item.get("msg", "invalid")), "severity": "error"}
        for item in exc.errors()
    ]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:3]) or "invalid request"
    return await respond(request, 422, f"the request is not valid: {summary}", errors)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and message == "Not Found":  # never the path itself: no reflected input
        message = "nothing at this address (the API is described at /api/docs)"
    elif exc.status_code == 405:
        message = "this method is not allowed at this address (see /api/docs)"
    response = await respond(request, exc.status_code, message)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return await respond(request, 500, "internal error: it has been logged; please try again later")


def install_error_handlers(app: FastAPI, html_error_page: HtmlErrorPage | None = None) -> None:
    """Map every kind of error to the one JSON shape, or to *html_error_page* for a person's browser."""
    app.state.html_error_page = html_error_page
    app.add_exception_handler(DtprError, _dtpr_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


class BodySizeLimit:
    """Pure ASGI middleware: refuse request bodies above *max_bytes* with 413 (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.message = f"request body larger than {max_bytes} bytes (DTPR_API__MAX_BODY_BYTES)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    await self._refuse(send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(413, self.message)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        response = error_json(413, self.message)
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class _TooLarge(StarletteHTTPException):
    """Raised while the body is read; FastAPI lets HTTP exceptions through to the handlers."""
