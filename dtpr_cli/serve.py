"""``dtpr serve [--host] [--port]``: the registry (public pages, API, open data) with uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

HELP = "Serve the registry: public sensor pages, the JSON API, open data and signs."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")


def _settings_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = "DTPR_" + "__".join(str(part).upper() for part in first["loc"])
    return f"dtpr serve: bad setting {where}: {first['msg']}"


def sign_renderer(authority: Any = None, workers: int = 0) -> Callable[..., bytes] | None:
    """``signage.render_sign`` adapted to the registry's plain options (the registry never imports signage);
    personal-data signs name *authority* (a :class:`~dtpr_core.SupervisoryAuthority`, the CNIL when ``None``).

    With *workers*, signs are drawn in that many worker processes (a server: its pages never wait
    for a sign's CPU); without, in the calling thread (the static export)."""
    try:
        from signage import render_sign
        from signage.workers import SignWorkers, render_options
    except ImportError:
        return None
    if workers:
        return SignWorkers(workers, authority)

    def render(sensor: Any, options: Mapping[str, Any], fmt: str) -> bytes:
        return render_sign(sensor, render_options(options, authority), fmt)

    return render


def sign_batch(base_url: str, authority: Any = None) -> Any | None:
    """``signage.batch.SignBatch``: the batch ``dtpr signs build`` writes, for the console's print jobs."""
    try:
        from signage.batch import SignBatch
    except ImportError:
        return None
    return SignBatch(base_url, authority) if authority is not None else SignBatch(base_url)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from dtpr_core.settings import get_settings
    from registry.app import create_app

    try:
        settings = get_settings()
    except ValidationError as error:
        print(_settings_error(error), file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log.level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        authority = settings.supervisory_authority.authority
        app = create_app(
            settings,
            sign_renderer=sign_renderer(authority, settings.signs.render_workers),
            sign_batch=sign_batch(settings.public.base_url, authority),
        )
    except Exception as error:  # e.g. the database is unreachable: one line, no traceback
        print(f"dtpr serve: cannot start: {type(error).__name__}: {str(error).splitlines()[0][:300]}", file=sys.stderr)
        return 2
    print(f"DTPR registry on http://{args.host}:{args.port}/ (public URL {settings.public.base_url}/)", flush=True)
    print(f"  API docs  {settings.public.base_url}/api/docs", flush=True)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass
    print("stopped.", flush=True)
    return 0
