"""The whole system in one process: broker (embedded when none is configured), registry, gateway.

Used by ``dtpr up`` and ``dtpr demo``. Each part is the same code the separate
commands run (``dtpr serve``, ``dtpr gateway``); here they share one process and
shut down together on Ctrl-C.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from dtpr_cli.embedded_broker import EmbeddedBroker
from dtpr_core.settings import Settings
from dtpr_core.yaml_source import load_register_file
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.writes import upsert_sensor

log = logging.getLogger("dtpr.up")


@dataclass
class System:
    settings: Settings
    broker: EmbeddedBroker | None
    stop: threading.Event
    base_url: str


def with_overrides(settings: Settings, **groups: dict[str, Any]) -> Settings:
    """A copy of *settings* with some fields of some groups replaced."""
    update = {name: getattr(settings, name).model_copy(update=values) for name, values in groups.items()}
    return settings.model_copy(update=update)


def sync_register(settings: Settings, path: str) -> dict[str, int]:
    """Load the register into the database in-process; returns counts per outcome."""
    result = load_register_file(path)
    for problem in result.problems:
        if problem.is_error:
            print(problem.format(path), file=sys.stderr)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    if not result.ok or result.register is None:
        raise SystemExit(f"{path} has errors: fix them (dtpr validate {path}) and start again")
    engine = make_engine(settings.database.url)
    migrate(engine)
    with session_scope(engine) as session:
        for sensor in result.register.sensors:
            counts[upsert_sensor(session, sensor=sensor, source="register", actor=path)] += 1
    engine.dispose()
    return counts


def _start_gateway(settings: Settings, stop: threading.Event) -> threading.Thread:
    from gateway import run_gateway

    thread = threading.Thread(
        target=run_gateway, args=(settings,), kwargs={"stop_event": stop}, name="gateway", daemon=True
    )
    thread.start()
    return thread


def port_taken(host: str, port: int, command: str) -> str | None:
    """One line saying why *command* cannot start and what to do, when *host*:*port* is taken; None when free."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return (
                f"{command}: {host}:{port} is already in use (is `make run` or `make demo` running?): "
                f"stop it with Ctrl-C, or start this one on its own port: .venv/bin/{command} --port {port + 1}"
            )
    return None


@contextmanager
def running_system(settings: Settings, *, mqtt_port: int, register_path: str | None) -> Iterator[System]:
    """Broker + gateway running (registry served by the caller); everything stopped on exit."""
    stop = threading.Event()
    with ExitStack() as stack:
        broker = None
        if settings.mqtt.url is None:
            broker = stack.enter_context(EmbeddedBroker(mqtt_port))
            settings = with_overrides(settings, mqtt={"url": broker.url, "protocol": "3.1.1"})
        if register_path:
            counts = sync_register(settings, register_path)
            print(f"register {register_path}: " + " ".join(f"{k}={v}" for k, v in counts.items()))
        gateway = _start_gateway(settings, stop)
        stack.callback(gateway.join, 10)
        stack.callback(stop.set)
        yield System(settings, broker, stop, settings.public.base_url)


def serve_registry(settings: Settings, host: str, port: int, stop: threading.Event | None = None) -> None:
    """Run the registry in this thread until Ctrl-C (or until *stop* is set)."""
    import uvicorn

    from dtpr_cli.serve import sign_batch, sign_renderer
    from registry.app import create_app

    authority = settings.supervisory_authority.authority
    renderer = sign_renderer(authority, settings.signs.render_workers)
    batch = sign_batch(settings.public.base_url, authority)
    app = create_app(settings, sign_renderer=renderer, sign_batch=batch)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    if stop is not None:

        def watch() -> None:
            stop.wait()
            server.should_exit = True

        threading.Thread(target=watch, name="registry-stop", daemon=True).start()
    server.run()


def print_urls(system: System, extra: dict[str, str] | None = None) -> None:
    base = system.base_url
    lines = {
        "site": base + "/",
        "API docs": base + "/api/docs",
        "MQTT broker": system.settings.mqtt.url or "",
        "database": system.settings.database.url,
        **(extra or {}),
    }
    width = max(len(name) for name in lines)
    for name, value in lines.items():
        print(f"  {name.ljust(width)}  {value}")
    print("Press Ctrl-C to stop.")
