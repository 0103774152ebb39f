"""The record of what was printed (``<out>/printed.json``) and which signs are out of date."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from signage.options import SignError
from signage.sources import SourcedSensor

STATE_FILE = "printed.json"


@dataclass(frozen=True, slots=True)
class PrintedSign:
    sensor_id: str
    revision: int | None
    content_hash: str
    printed_on: str
    format: str
    size: str


def load_printed(out_dir: Path) -> dict[str, PrintedSign]:
    path = out_dir / STATE_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        return {key: PrintedSign(**value) for key, value in data.get("signs", {}).items()}
    except (ValueError, TypeError) as error:
        raise SignError(f"{path} is damaged ({error}); move it away to start a new record") from error


def record_printed(out_dir: Path, printed: list[PrintedSign]) -> None:
    """Merge *printed* into the record, written atomically (a crash never leaves half a file)."""
    signs = load_printed(out_dir)
    signs.update({sign.sensor_id: sign for sign in printed})
    data: dict[str, Any] = {"version": 1, "signs": {key: asdict(signs[key]) for key in sorted(signs)}}
    out_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out_dir, prefix=".printed-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=2)
    os.replace(temporary, out_dir / STATE_FILE)


def printed_sign(item: SourcedSensor, fmt: str, size: str) -> PrintedSign:
    return PrintedSign(item.sensor.id, item.revision, item.content_hash, date.today().isoformat(), fmt, size)


def why_out_of_date(item: SourcedSensor, printed: dict[str, PrintedSign]) -> str | None:
    """Why this sensor's printed sign is out of date, or None when it is current."""
    sign = printed.get(item.sensor.id)
    if sign is None:
        return "never printed"
    if item.revision is not None and sign.revision is not None and item.revision != sign.revision:
        return f"datachain revision {item.revision}, printed revision {sign.revision} on {sign.printed_on}"
    if item.content_hash != sign.content_hash:
        return f"datachain changed since printed on {sign.printed_on}"
    return None
