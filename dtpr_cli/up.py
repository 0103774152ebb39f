"""``dtpr up``: registry + gateway + (embedded) broker, register synced, in one command."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
from pathlib import Path

from pydantic import SecretStr, ValidationError

from dtpr_cli.staff import FIRST_ADMIN_FILE, first_admin
from dtpr_cli.system import port_taken, print_urls, running_system, serve_registry, with_overrides
from dtpr_core.settings import Settings, get_settings

HELP = "Start the whole system: registry, gateway and an embedded MQTT broker when DTPR_MQTT__URL is not set."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address the registry listens on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="registry port (default 8000)")
    parser.add_argument("--mqtt-port", type=int, default=1883, help="embedded broker port (a free one if taken)")
    parser.add_argument("--register", default="sensors.yaml", help="register synced at start ('' to skip)")


TOKEN_FILE = Path("data/admin-token")


def local_token(path: Path = TOKEN_FILE) -> str:
    """The staff token of a local installation: made once, kept readable by its owner only."""
    if path.exists():
        return path.read_text("utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = "dtpr_" + secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    return token


def local_settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment; the public URL follows --host/--port unless set explicitly,
    and without DTPR_API__TOKEN a local staff token is kept in data/admin-token."""
    settings = get_settings()
    if "DTPR_PUBLIC__BASE_URL" not in os.environ:
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        settings = with_overrides(settings, public={"base_url": f"http://{host}:{args.port}"})
    if settings.api.token is None:
        settings = with_overrides(settings, api={"token": SecretStr(local_token())})
    return settings


def staff_lines(base_url: str) -> dict[str, str]:
    """What print_urls adds for staff: where the token is and the lists it opens."""
    if "DTPR_API__TOKEN" in os.environ:
        return {"staff lists": f"{base_url}/api/v1/drift (Authorization: Bearer $DTPR_API__TOKEN)"}
    return {"staff lists": f'curl -H "Authorization: Bearer $(cat {TOKEN_FILE})" {base_url}/api/v1/quarantine'}


def staff_sign_in_line(base_url: str) -> str:
    return f"Staff console: {base_url}/staff/login (first admin's password: {FIRST_ADMIN_FILE}, or dtpr staff add)"


def setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def run(args: argparse.Namespace) -> int:
    setup_logging()
    taken = port_taken(args.host, args.port, "dtpr up")
    if taken:
        print(taken)
        return 2
    try:
        settings = local_settings(args)
    except ValidationError as error:
        print(f"dtpr up: bad setting: {error.errors()[0]['loc']}: {error.errors()[0]['msg']}")
        return 2
    with running_system(settings, mqtt_port=args.mqtt_port, register_path=args.register or None) as system:
        print(first_admin(settings.database.url, system.base_url) or staff_sign_in_line(system.base_url))
        print("DTPR registry is starting:")
        print_urls(system, staff_lines(system.base_url))
        try:
            serve_registry(system.settings, args.host, args.port, system.stop)
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
            pass
    print("stopped.")
    return 0
