"""``dtpr gateway``: record what sensors announce over MQTT into the registry's database."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType
from typing import Any

from pydantic import ValidationError

from dtpr_cli.private import keep_private
from dtpr_core.settings import GatewaySettings, MqttSettings, Settings, get_settings

HELP = "Run the MQTT gateway: subscribe to device announcements and record them (Ctrl-C to stop)."

log = logging.getLogger("dtpr.gateway")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mqtt-url", help="broker URL, e.g. mqtt://user:pass@host:1883 (DTPR_MQTT__URL)")
    parser.add_argument("--client-id", help="MQTT client id, the persistent session key (DTPR_MQTT__CLIENT_ID)")
    parser.add_argument("--share-group", help="MQTT 5 shared subscription group (DTPR_MQTT__SHARE_GROUP)")
    parser.add_argument(
        "--metrics-port", type=int, help="serve /metrics and /healthz here (DTPR_GATEWAY__METRICS_PORT)"
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment with the command-line options on top (validated)."""
    settings = get_settings()
    mqtt_changes = {
        key: value
        for key, value in (("url", args.mqtt_url), ("client_id", args.client_id), ("share_group", args.share_group))
        if value is not None
    }
    try:
        mqtt = MqttSettings.model_validate({**settings.mqtt.model_dump(), **mqtt_changes})
    except ValidationError as error:
        raise ValueError(f"bad setting {_one_line(error, 'mqtt.')}") from None
    gateway = settings.gateway
    if args.metrics_port is not None:
        try:
            gateway = GatewaySettings.model_validate({**gateway.model_dump(), "metrics_port": args.metrics_port})
        except ValidationError as error:
            raise ValueError(f"bad setting {_one_line(error, 'gateway.')}") from None
    return settings.model_copy(update={"mqtt": mqtt, "gateway": gateway})


def _one_line(error: ValidationError, group: str = "") -> str:
    first = error.errors()[0]
    return f"{group}{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"


def run(args: argparse.Namespace) -> int:
    try:
        settings = settings_from(args)
    except ValidationError as error:
        print(f"dtpr gateway: bad setting {_one_line(error)}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"dtpr gateway: {error}", file=sys.stderr)
        return 2
    keep_private(settings)
    from gateway.logs import configure_logging
    from gateway.runner import Gateway

    configure_logging(settings.log)
    try:
        gateway = Gateway(settings)
    except ValueError as error:
        print(f"dtpr gateway: {error}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> Any:
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        gateway.run(stop)
    except Exception as error:  # e.g. the database cannot be migrated: one line, no traceback
        log.debug("gateway failed", exc_info=True)
        print(f"dtpr gateway: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0
