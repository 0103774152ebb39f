"""LoRaWAN events as ChirpStack v4 and The Things Stack v3 publish them (shapes from their public docs).

Each builder takes the payload it should carry, so tests can look for those bytes
everywhere afterwards. ``PAYLOAD`` values are distinctive on purpose.
"""

from __future__ import annotations

import base64
import json
from typing import Any

RAW = bytes.fromhex("c0ffee5eed1e55a7c0de")
"""The device's encoded payload bytes (``data`` / ``frm_payload``)."""
RAW_B64 = base64.b64encode(RAW).decode()
DECODED = {"co2_ppm_zq": 987654321987, "people_zq": "seventeen-quokkas"}
"""What a codec made of it (``object`` / ``decoded_payload``)."""
NEEDLES = (RAW_B64, RAW.hex(), "987654321987", "seventeen-quokkas", "co2_ppm_zq", "people_zq")
"""What must never be found in the database."""


def cs_device_info(dev_eui: str, profile: str = "Capteur CO2 Elsys ERS", name: str = "aq-fraternite") -> dict[str, Any]:
    return {
        "tenantId": "52f14cd4-c6f1-4fbd-8f87-4025e1d49242",
        "tenantName": "Angers Loire Métropole",
        "applicationId": "17c82e96-be03-4f38-aef3-f83d48582d97",
        "applicationName": "capteurs-ville",
        "deviceProfileId": "14855bf7-d10d-4aee-b618-ebfcb64dc7ad",
        "deviceProfileName": profile,
        "deviceName": name,
        "devEui": dev_eui.lower(),
        "deviceClassEnabled": "CLASS_A",
        "tags": {"quartier": "centre"},
    }


def cs_up(dev_eui: str, profile: str = "Capteur CO2 Elsys ERS", *, f_cnt: int = 10) -> dict[str, Any]:
    return {
        "deduplicationId": "3ac7e3c4-4401-4b8d-9386-a5c902f9202d",
        "time": "2026-12-06T09:34:15.775023242+00:00",
        "deviceInfo": cs_device_info(dev_eui, profile),
        "devAddr": "00189440",
        "adr": True,
        "dr": 5,
        "fCnt": f_cnt,
        "fPort": 1,
        "confirmed": False,
        "data": RAW_B64,
        "object": DECODED,
        "rxInfo": [
            {
                "gatewayId": "0016c001f153a14c",
                "uplinkId": 4217106255,
                "rssi": -98,
                "snr": 4.5,
                "channel": 2,
                "location": {"latitude": 47.4738, "longitude": -0.5545, "altitude": 52},
                "context": "EFwMtA==",
                "crcStatus": "CRC_OK",
            },
            {"gatewayId": "0016c001f153a14d", "uplinkId": 11, "rssi": -71, "snr": 9.25, "crcStatus": "CRC_OK"},
        ],
        "txInfo": {"frequency": 868100000, "modulation": {"lora": {"bandwidth": 125000, "spreadingFactor": 7}}},
    }


def cs_join(dev_eui: str, profile: str = "Capteur CO2 Elsys ERS") -> dict[str, Any]:
    return {
        "deduplicationId": "c9dbe358-2578-4fb7-b295-66b44edc45a6",
        "time": "2026-12-06T09:30:00.000000+00:00",
        "deviceInfo": cs_device_info(dev_eui, profile),
        "devAddr": "00189440",
    }


def cs_status(dev_eui: str, level: float = 87.5) -> dict[str, Any]:
    return {
        "deduplicationId": "e3b7a6d1-5a47-4b36-9f4c-0f1a7a8b9c0d",
        "time": "2026-12-06T09:35:00Z",
        "deviceInfo": cs_device_info(dev_eui),
        "margin": 7,
        "externalPowerSource": False,
        "batteryLevelUnavailable": False,
        "batteryLevel": level,
    }


def cs_log(dev_eui: str) -> dict[str, Any]:
    return {
        "time": "2026-12-06T09:36:00Z",
        "deviceInfo": cs_device_info(dev_eui),
        "level": "ERROR",
        "code": "UPLINK_CODEC",
        "description": "codec error",
        "context": {"deduplication_id": "3ac7e3c4"},
    }


def cs_ack(dev_eui: str) -> dict[str, Any]:
    return {
        "time": "2026-12-06T09:37:00Z",
        "deviceInfo": cs_device_info(dev_eui),
        "queueItemId": "q1",
        "acknowledged": True,
        "fCntDown": 7,
    }


def cs_txack(dev_eui: str) -> dict[str, Any]:
    return {
        "downlinkId": 3,
        "time": "2026-12-06T09:37:01Z",
        "deviceInfo": cs_device_info(dev_eui),
        "queueItemId": "q1",
        "fCntDown": 7,
        "gatewayId": "0016c001f153a14c",
        "txInfo": {"frequency": 869525000},
    }


def cs_integration(dev_eui: str) -> dict[str, Any]:
    return {
        "deduplicationId": "ab",
        "time": "2026-12-06T09:38:00Z",
        "deviceInfo": cs_device_info(dev_eui),
        "integrationName": "loracloud",
        "eventType": "modem_UplinkResponse",
        "object": DECODED,
    }


def cs_v3_up(dev_eui: str) -> dict[str, Any]:
    """A ChirpStack v3 uplink (JSON marshaler): ids in camel case, ``devEUI`` in base64, ``objectJSON`` a string."""
    return {
        "applicationID": "12",
        "applicationName": "capteurs-ville",
        "deviceName": "aq-fraternite",
        "deviceProfileName": "Capteur CO2 Elsys ERS",
        "deviceProfileID": "14855bf7-d10d-4aee-b618-ebfcb64dc7ad",
        "devEUI": base64.b64encode(bytes.fromhex(dev_eui)).decode(),
        "rxInfo": [
            {
                "gatewayID": "ABbAAfFToUw=",
                "time": "2026-12-06T09:34:15Z",
                "rssi": -98,
                "loRaSNR": 4.5,
                "location": {"latitude": 47.4738, "longitude": -0.5545, "altitude": 52},
            }
        ],
        "txInfo": {"frequency": 868100000, "dr": 5},
        "adr": True,
        "fCnt": 10,
        "fPort": 1,
        "data": RAW_B64,
        "objectJSON": json.dumps(DECODED),
        "tags": {"quartier": "centre"},
        "confirmedUplink": False,
        "devAddr": "ABiUQA==",
    }


CHIRPSTACK_EVENTS = {
    "up": cs_up,
    "join": cs_join,
    "status": cs_status,
    "log": cs_log,
    "ack": cs_ack,
    "txack": cs_txack,
    "integration": cs_integration,
}


def tts_ids(dev_eui: str, device_id: str, application: str = "capteurs-ville") -> dict[str, Any]:
    return {
        "device_id": device_id,
        "application_ids": {"application_id": application},
        "dev_eui": dev_eui,
        "join_eui": "800000000000000C",
        "dev_addr": "00BCB929",
    }


def tts_up(dev_eui: str, device_id: str = "bin-0042", application: str = "capteurs-ville") -> dict[str, Any]:
    return {
        "end_device_ids": tts_ids(dev_eui, device_id, application),
        "correlation_ids": ["as:up:01E0WZGT6MZKJ2WYN3NB41R7GH"],
        "received_at": "2026-12-06T09:40:00.123456789Z",
        "uplink_message": {
            "session_key_id": "AXA50...",
            "f_port": 1,
            "f_cnt": 42,
            "frm_payload": RAW_B64,
            "decoded_payload": DECODED,
            "normalized_payload": [{"air": {"co2": 987654321987}}],
            "rx_metadata": [
                {
                    "gateway_ids": {"gateway_id": "angers-gw-1", "eui": "B827EBFFFE8B01DD"},
                    "time": "2026-12-06T09:40:00Z",
                    "rssi": -104,
                    "channel_rssi": -104,
                    "snr": -3.2,
                    "location": {"latitude": 47.47, "longitude": -0.55, "altitude": 20, "source": "SOURCE_REGISTRY"},
                    "uplink_token": "ChIKEAoOZ3R3LWxvcmEtbWF",
                },
                {"gateway_ids": {"gateway_id": "angers-gw-2"}, "rssi": -88, "snr": 6.0},
            ],
            "settings": {"data_rate": {"lora": {"bandwidth": 125000, "spreading_factor": 9}}, "frequency": "868300000"},
            "received_at": "2026-12-06T09:40:00.1Z",
            "consumed_airtime": "0.185344s",
            "version_ids": {
                "brand_id": "milesight-iot",
                "model_id": "em310-udl",
                "hardware_version": "1.0",
                "firmware_version": "1.0",
                "band_id": "EU_863_870",
            },
            "last_battery_percentage": {"f_cnt": 40, "value": 64.5, "received_at": "2026-12-06T08:00:00Z"},
        },
    }


def tts_join(dev_eui: str, device_id: str = "bin-0042", application: str = "capteurs-ville") -> dict[str, Any]:
    return {
        "end_device_ids": tts_ids(dev_eui, device_id, application),
        "correlation_ids": ["as:up:01"],
        "received_at": "2026-12-06T09:20:00Z",
        "join_accept": {"session_key_id": "AXBSH1Pk6Z0G166", "received_at": "2026-12-06T09:20:00Z"},
    }


def tts_down_ack(dev_eui: str, device_id: str = "bin-0042", application: str = "capteurs-ville") -> dict[str, Any]:
    return {
        "end_device_ids": tts_ids(dev_eui, device_id, application),
        "received_at": "2026-12-06T09:41:00Z",
        "downlink_ack": {"f_port": 1, "f_cnt": 3, "frm_payload": RAW_B64, "confirmed": True},
    }


def chirpstack_envelope(event: str, body: dict[str, Any]) -> dict[str, Any]:
    """ChirpStack's HTTP integration body with its ``?event=`` type, as forwarded onto MQTT."""
    return {"event": event, "body": body}


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


def cs_location(dev_eui: str, lat: float = 47.4731, lon: float = -0.5512) -> dict[str, Any]:
    """A ChirpStack v4 LocationEvent: the position the network server solved or was given."""
    return {
        "deduplicationId": "0b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "time": "2026-12-06T09:37:00Z",
        "deviceInfo": cs_device_info(dev_eui),
        "location": {"latitude": lat, "longitude": lon, "altitude": 41, "source": "GEO_RESOLVER_TDOA", "accuracy": 30},
    }


def tts_location_solved(
    dev_eui: str, device_id: str = "bin-0042", application: str = "capteurs-ville"
) -> dict[str, Any]:
    """A The Things Stack ``location/solved`` message (LoRa Cloud or the device's own GNSS)."""
    return {
        "end_device_ids": tts_ids(dev_eui, device_id, application),
        "received_at": "2026-12-06T09:38:00Z",
        "location_solved": {
            "service": "lora-cloud-device-management-v1-gnss",
            "location": {
                "latitude": 47.4655,
                "longitude": -0.5587,
                "altitude": 35,
                "accuracy": 12,
                "source": "SOURCE_GPS",
            },
        },
    }
