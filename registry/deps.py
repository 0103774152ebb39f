"""FastAPI dependencies: the database session, settings, URLs, the app's parsed sensors and bearer-token checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.errors import DtprError
from dtpr_core.settings import Settings
from dtpr_core.urls import Urls
from dtpr_store.caches import ParsedSensors
from dtpr_store.db import session_scope
from dtpr_store.reads import find_token
from dtpr_store.tables import TokenRow


class Unauthorized(DtprError):
    status = 401
    code = "unauthorized"


class Forbidden(DtprError):
    status = 403
    code = "forbidden"


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """One session per request (:func:`session_scope`), committed when the route returns without error."""
    with session_scope(engine_of(request)) as session:
        yield session


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def urls_of(request: Request) -> Urls:
    urls: Urls = request.app.state.urls
    return urls


def parsed_sensors_of(request: Request) -> ParsedSensors:
    """The app's rows -> declared sensors cache (in its ``PageCache``, made by ``create_app``)."""
    parsed: ParsedSensors = request.app.state.page_cache.parsed
    return parsed


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(settings_of)]
UrlsDep = Annotated[Urls, Depends(urls_of)]
ParsedDep = Annotated[ParsedSensors, Depends(parsed_sensors_of)]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("this endpoint needs a bearer token: Authorization: Bearer <token>")
    return token.strip()


def require_scope(scope: Literal["read", "write"]):  # type: ignore[no-untyped-def]
    """A dependency accepting a live token with *scope* (write tokens may also read)."""

    def check(request: Request, session: SessionDep) -> TokenRow:
        row = find_token(session, _bearer(request))
        if row is None:
            raise Unauthorized("unknown or revoked token")
        if scope == "write" and row.scope != "write":
            raise Forbidden("this token is read-only; writing needs a token with the write scope")
        return row

    return check


ReadToken = Annotated[TokenRow, Depends(require_scope("read"))]
WriteToken = Annotated[TokenRow, Depends(require_scope("write"))]


def optional_token(request: Request, session: SessionDep) -> TokenRow | None:
    """The live token presented, if any (public endpoints that show more to staff)."""
    header = request.headers.get("authorization", "")
    if not header:
        return None
    row: TokenRow = require_scope("read")(request, session)
    return row


OptionalToken = Annotated[TokenRow | None, Depends(optional_token)]

EngineDep = Annotated[Engine, Depends(engine_of)]
