"""The ``network:`` section of a declared sensor: how the gateway recognises its device.

``network: {lorawan: {dev_eui: 70B3D57ED0001234, reporting_interval: 15m}}``. The DevEUI
must be 16 hexadecimal digits and unique in the register (:func:`check_unique_dev_euis`).
"""

from __future__ import annotations

from collections.abc import Sequence

from dtpr_core._reader import Reader
from dtpr_core.errors import Path
from dtpr_core.lorawan import LorawanLink, normalise_dev_eui, parse_interval

NETWORK_KEYS = ("lorawan",)
LORAWAN_KEYS = ("dev_eui", "reporting_interval")
EXAMPLE_DEV_EUI = "70B3D57ED0001234"


def _dev_eui_problem(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return (
            "dev_eui was read as a number, not text (YAML drops leading zeros and reads some digits as octal): "
            f'put the 16 digits in quotes, e.g. dev_eui: "{EXAMPLE_DEV_EUI}"'
        )
    if not isinstance(value, str):
        return f"dev_eui must be text of 16 hexadecimal digits, e.g. {EXAMPLE_DEV_EUI}"
    digits = value.strip().replace("-", "").replace(":", "")
    bad = sorted({c for c in digits if c not in "0123456789abcdefABCDEF"})
    if bad:
        return f"dev_eui '{value}' has characters that are not hexadecimal ({' '.join(bad)}): use 0-9 and A-F"
    return f"dev_eui '{value}' has {len(digits)} hexadecimal digits, not 16 (e.g. {EXAMPLE_DEV_EUI})"


def read_network(reader: Reader, value: object, path: Path) -> LorawanLink | None:
    """The LoRaWAN link of one sensor, or ``None`` (problems recorded on *reader*)."""
    data = reader.mapping(value, path, "network", allowed=NETWORK_KEYS)
    if data is None or "lorawan" not in data:
        return None
    where = (*path, "lorawan")
    lorawan = reader.mapping(data["lorawan"], where, "network.lorawan", allowed=LORAWAN_KEYS, required=("dev_eui",))
    if lorawan is None or "dev_eui" not in lorawan:
        return None
    dev_eui = normalise_dev_eui(lorawan["dev_eui"])
    if dev_eui is None:
        reader.error((*where, "dev_eui"), _dev_eui_problem(lorawan["dev_eui"]))
    interval = None
    if "reporting_interval" in lorawan:
        interval = parse_interval(lorawan["reporting_interval"])
        if interval is None:
            reader.error(
                (*where, "reporting_interval"),
                f"reporting_interval {lorawan['reporting_interval']!r} must look like 90s, 15m, 6h or 1d "
                "(between 10 seconds and a year)",
            )
    return LorawanLink(dev_eui, interval) if dev_eui else None


def check_unique_dev_euis(reader: Reader, links: Sequence[tuple[int, str, LorawanLink | None]]) -> None:
    """Each DevEUI links one sensor: (index in ``sensors``, sensor id, link) -> an error at the second one."""
    first: dict[str, tuple[int, str]] = {}
    for index, sensor_id, link in links:
        if link is None:
            continue
        if link.dev_eui in first:
            other_index, other_id = first[link.dev_eui]
            reader.error(
                ("sensors", index, "network", "lorawan", "dev_eui"),
                f"dev_eui {link.dev_eui} is already linked to sensor '{other_id}' (sensors[{other_index}]); "
                "a device reports for one sensor: check the DevEUI on the device's label",
            )
            continue
        first[link.dev_eui] = (index, sensor_id)
