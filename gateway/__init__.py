"""The MQTT gateway: records what sensors announce about themselves into the registry's database."""

from gateway.pipeline import Accepted, Pipeline, Quarantined
from gateway.runner import Gateway, GatewayHandle, run_gateway

__all__ = ["Accepted", "Gateway", "GatewayHandle", "Pipeline", "Quarantined", "run_gateway"]
