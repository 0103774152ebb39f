"""``/signs/{id}.{svg|pdf|png}?size=a5&lang=fr,en``: the printable sign, rendered by the injected renderer.

Without ``lang``, the sign is in the registry's default language (``DTPR_PUBLIC__DEFAULT_LOCALE``).

The renderer is called ``renderer(sensor, options, fmt)`` with plain *options*
(``base_url``, ``size``, ``langs``, ``revision``, ``revision_date``).

The registry never imports ``signage``: ``dtpr serve`` passes ``signage.render_sign`` into
``create_app(settings, sign_renderer=...)``; without it these routes answer 503.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from dtpr_core.errors import DtprError, NotFound
from dtpr_core.model import SENSOR_ID_PATTERN
from dtpr_store.tables import SensorRow
from registry.deps import ParsedDep, SessionDep, SettingsDep

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


@router.get("/signs/{sensor_id}.{fmt}", summary="The sensor's printable DTPR sign", response_class=Response)
def sign(
    sensor_id: Annotated[str, Path(pattern=SENSOR_ID_PATTERN)],
    fmt: Literal["svg", "pdf", "png"],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    parsed: ParsedDep,
    size: Annotated[str, Query(pattern=r"^[a-z0-9_-]{1,16}$")] = "a5",
    lang: SignLanguages = None,
) -> Response:
    renderer = request.app.state.sign_renderer
    if renderer is None:
        raise SignsUnavailable("signs are not available on this server (start it with dtpr serve)")
    row = session.get(SensorRow, sensor_id)
    sensor = parsed.declared_sensor(row) if row is not None else None
    if row is None or sensor is None:
        raise NotFound(f"no sensor '{sensor_id}' in the register")
    declared = row.declared_at or row.updated_at
    options = {
        "base_url": request.app.state.urls.base_url,
        "size": size,
        "langs": tuple((lang or settings.public.default_locale).split(",")),
        "revision": row.revision,
        "revision_date": declared.date() if declared else None,
    }
    body: bytes = renderer(sensor, options, fmt)
    headers = {
        "Cache-Control": "public, max-age=300",
        "ETag": f'"{sensor_id}-{row.revision}-{fmt}-{size}"',
        "X-Content-Type-Options": "nosniff",
    }
    if fmt == "svg":
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
