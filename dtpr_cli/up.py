"""``dtpr up``: registry + gateway + (embedded) broker, register synced, in one command."""

from __future__ import annotations

import argparse
import logging
import os

from pydantic import ValidationError

from dtpr_cli.system import print_urls, running_system, serve_registry, with_overrides
from dtpr_core.settings import Settings, get_settings

HELP = "Start the whole system: registry, gateway and an embedded MQTT broker when DTPR_MQTT__URL is not set."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address the registry listens on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="registry port (default 8000)")
    parser.add_argument("--mqtt-port", type=int, default=1883, help="embedded broker port (a free one if taken)")
    parser.add_argument("--register", default="sensors.yaml", help="register synced at start ('' to skip)")


def local_settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment; the public URL follows --host/--port unless set explicitly."""
    settings = get_settings()
    if "DTPR_PUBLIC__BASE_URL" not in os.environ:
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        settings = with_overrides(settings, public={"base_url": f"http://{host}:{args.port}"})
    return settings


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = local_settings(args)
    except ValidationError as error:
        print(f"dtpr up: bad setting: {error.errors()[0]['loc']}: {error.errors()[0]['msg']}")
        return 2
    with running_system(settings, mqtt_port=args.mqtt_port, register_path=args.register or None) as system:
        print("DTPR registry is starting:")
        print_urls(system)
        serve_registry(system.settings, args.host, args.port, system.stop)
    print("stopped.")
    return 0
