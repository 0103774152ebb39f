"""``/signs/{id}.{svg|pdf|png}?size=a5&lang=fr,en``: the printable sign, rendered by the injected renderer.

Without ``lang``, the sign is in the registry's default language (``DTPR_PUBLIC__DEFAULT_LOCALE``).

The renderer is called ``renderer(sensor, options, fmt)`` with plain *options*
(``base_url``, ``size``, ``langs``, ``revision``, ``revision_date``).

The registry never imports ``signage``: ``dtpr serve`` passes ``signage.workers.SignWorkers``
(signs drawn in worker processes) into ``create_app(settings, sign_renderer=...)``; without
it these routes answer 503. Signs are kept by content, answered ``304`` on their ETag, and
drawn a few at a time (:mod:`registry.public.sign_renders`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from dtpr_core.errors import DtprError, NotFound
from dtpr_core.model import SENSOR_ID_PATTERN, Sensor
from dtpr_store.caches import ParsedSensors
from dtpr_store.db import session_scope
from dtpr_store.tables import SensorRow
from registry.deps import ParsedDep, SettingsDep
from registry.public.sign_renders import etag_of, matches, sign_key

router = APIRouter(tags=["signs"])

MEDIA_TYPES = {"svg": "image/svg+xml", "pdf": "application/pdf", "png": "image/png"}
SignLanguages = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z]{2}(,[a-z]{2})?$",
        description="One or two languages, e.g. fr or fr,en (default: the registry's, DTPR_PUBLIC__DEFAULT_LOCALE)",
    ),
]


class SignsUnavailable(DtprError):
    status = 503
    code = "signs_unavailable"


@dataclass(frozen=True, slots=True)
class SignSource:
    """What a sign is drawn from: the declared sensor, its stored content, revision and date."""

    sensor: Sensor
    content: str
    revision: int
    revision_date: date | None


def read_source(engine: Engine, parsed: ParsedSensors, sensor_id: str) -> SignSource:
    with session_scope(engine) as session:
        row = session.get(SensorRow, sensor_id)
        sensor = parsed.declared_sensor(row) if row is not None else None
        if row is None or sensor is None:
            raise NotFound(f"no sensor '{sensor_id}' in the register")
        declared = row.declared_at or row.updated_at
        content = json.dumps(row.data, sort_keys=True, ensure_ascii=False, default=str)
        return SignSource(sensor, content, row.revision, declared.date() if declared else None)


def _headers(etag: str, fmt: str) -> dict[str, str]:
    headers = {"Cache-Control": "public, max-age=300", "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if fmt == "svg":
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    return headers


@router.get("/signs/{sensor_id}.{fmt}", summary="The sensor's printable DTPR sign", response_class=Response)
async def sign(
    sensor_id: Annotated[str, Path(pattern=SENSOR_ID_PATTERN)],
    fmt: Literal["svg", "pdf", "png"],
    request: Request,
    settings: SettingsDep,
    parsed: ParsedDep,
    size: Annotated[str, Query(pattern=r"^[a-z0-9_-]{1,16}$")] = "a5",
    lang: SignLanguages = None,
) -> Response:
    state = request.app.state
    renderer = state.sign_renderer
    if renderer is None:
        raise SignsUnavailable("signs are not available on this server (start it with dtpr serve)")
    source = await run_in_threadpool(read_source, state.engine, parsed, sensor_id)
    options: dict[str, Any] = {
        "base_url": state.urls.base_url,
        "size": size,
        "langs": tuple((lang or settings.public.default_locale).split(",")),
        "revision": source.revision,
        "revision_date": source.revision_date,
    }
    key = sign_key(source.content, options, fmt, settings.supervisory_authority)
    headers = _headers(etag_of(key), fmt)
    if matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    body = await state.sign_renders.render(key, lambda: renderer(source.sensor, options, fmt))
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
