"""The privacy rule: a device's application payload is never stored, not even in quarantine.

Measurements are not the register's business and some are personal data (a people
counter's counts, a parking bay's occupancy). Recorded events carry no payload field at
all (:class:`~dtpr_core.lorawan.LorawanEvent`). A refused LoRaWAN message is kept in
quarantine with only what is known to be metadata: the keys of :data:`METADATA_KEYS`
(ChirpStack v3 and v4, The Things Stack v2 and v3, webhook envelopes); a known payload
key's value is replaced by :data:`WITHHELD`, and any other key is left out, name and
value, whatever the source's version or a new field's name (a future ``decodedThing``). Nothing at all is kept when it
is not JSON (a protobuf event could hold the payload anywhere).
"""

from __future__ import annotations

from typing import Any

import orjson

_CHIRPSTACK = """
    deduplicationId time deviceInfo tenantId tenantName applicationId applicationName deviceProfileId
    deviceProfileName deviceName devEui deviceClassEnabled devAddr adr dr fCnt fPort confirmed rxInfo gatewayId
    uplinkId nsTime timeSinceGpsEpoch rssi snr channel rfChain board antenna location latitude longitude altitude
    source accuracy crcStatus txInfo frequency modulation lora bandwidth spreadingFactor codeRate
    polarizationInversion fsk lrFhss regionConfigId margin externalPowerSource batteryLevelUnavailable
    batteryLevel level code queueItemId acknowledged fCntDown downlinkId integrationName eventType joinEui
    applicationID deviceProfileID devEUI gatewayID uplinkID name loRaSNR timeSinceGPSEpoch confirmedUplink
    publishedAt type event body
"""
_THE_THINGS_STACK = """
    end_device_ids device_id application_ids application_id dev_eui join_eui dev_addr correlation_ids received_at
    uplink_message session_key_id f_port f_cnt rx_metadata gateway_ids gateway_id eui time timestamp rssi
    channel_rssi snr location latitude longitude altitude source accuracy channel_index settings data_rate lora
    bandwidth spreading_factor coding_rate frequency consumed_airtime version_ids brand_id model_id
    hardware_version firmware_version band_id network_ids net_id tenant_id cluster_id cluster_address
    last_battery_percentage value join_accept downlink_ack downlink_nack downlink_sent downlink_failed
    downlink_queued confirmed priority simulated dev_id app_id hardware_serial port counter metadata gateways
    gtw_id data_rate coding_rate airtime
"""
METADATA_KEYS = frozenset((_CHIRPSTACK + _THE_THINGS_STACK).split())
"""Keys known to hold metadata (identifiers, radio, time, battery), never what a device measured."""
PAYLOAD_KEYS = frozenset(
    """data object objectJSON frm_payload frmPayload decoded_payload decodedPayload decoded_payload_warnings
    normalized_payload normalizedPayload uplink_normalized service_data payload payload_raw payload_fields""".split()
)
"""Keys known to hold the payload: kept by name, their value :data:`WITHHELD` (the reader sees it was there)."""
WITHHELD = "[withheld: application payload]"
OTHER_KEYS = "[withheld: other fields]"
"""Under this key, how many fields neither list names were left out (names and values)."""


def _strip(value: Any, depth: int = 0) -> Any:
    if depth > 64:
        return WITHHELD
    if isinstance(value, dict):
        kept = {
            key: WITHHELD if key in PAYLOAD_KEYS else _strip(item, depth + 1)
            for key, item in value.items()
            if key in METADATA_KEYS or key in PAYLOAD_KEYS
        }
        if len(kept) < len(value):
            kept[OTHER_KEYS] = len(value) - len(kept)
        return kept
    if isinstance(value, list):
        return [_strip(item, depth + 1) for item in value]
    return value


def redact_payload(payload: bytes, limit: int) -> bytes:
    """What quarantine may keep of a LoRaWAN message: its JSON without payload fields, at most *limit* bytes."""
    try:
        data = orjson.loads(payload)
    except (orjson.JSONDecodeError, RecursionError):
        return b""
    redacted = orjson.dumps(_strip(data))
    return redacted if len(redacted) <= limit else b""
