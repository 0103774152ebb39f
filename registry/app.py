"""The registry application factory: ``create_app(settings)``."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from dtpr_core import __version__
from dtpr_core.settings import Settings
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import make_read_engine
from dtpr_store.writes import create_token
from registry.errors import BodySizeLimit

SignRenderer = Callable[..., bytes]
"""``render_sign(sensor, options, fmt) -> bytes``, injected by the CLI (the registry never imports signage)."""


def create_app(settings: Settings, *, sign_renderer: SignRenderer | None = None) -> FastAPI:
    engine = make_engine(settings.database.url, echo=settings.database.echo)
    migrate(engine)
    if settings.api.token is not None:
        with session_scope(engine) as session:
            create_token(
                session, name="admin (DTPR_API__TOKEN)", scope="write", token=settings.api.token.get_secret_value()
            )
    app = FastAPI(
        title="DTPR sensor registry",
        version=__version__,
        description="Public register of the sensors in public space, on the DTPR standard.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.read_engine = make_read_engine(settings.database.url)
    app.state.urls = settings.public.urls
    app.state.sign_renderer = sign_renderer
    app.add_middleware(BodySizeLimit, max_bytes=settings.api.max_body_bytes)
    from registry.routes import install

    install(app)
    return app
