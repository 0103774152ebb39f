"""A quarantined payload shown safely: text when it is UTF-8 (control and bidi characters made
visible), a hex dump otherwise, always truncated. The template escapes it again for HTML."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from dtpr_core.settings import Settings
from dtpr_store.db import session_scope
from dtpr_store.writes import purge_quarantine

SHOWN_BYTES = 2048
HEX_LINE = 16


@dataclass(frozen=True, slots=True)
class PayloadView:
    kind: str
    """``text`` or ``hex``."""
    body: str
    shown: int
    """Bytes shown."""
    kept: int
    """Bytes kept in quarantine (the gateway keeps at most ``gateway.quarantine_payload_bytes``)."""
    size: int
    """Size of the message as received."""

    @property
    def truncated(self) -> bool:
        return self.shown < self.size


def _visible(char: str) -> str:
    """A character as shown: line breaks, tabs and spaces as they are; other controls, format marks,
    unusual spaces and unassigned code points as escapes (nothing invisible, nothing reordering the line)."""
    if char in "\n\t ":
        return char
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"):
        code = ord(char)
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def _hex_dump(data: bytes) -> str:
    lines = []
    for offset in range(0, len(data), HEX_LINE):
        chunk = data[offset : offset + HEX_LINE]
        hexes = " ".join(f"{byte:02x}" for byte in chunk)
        ascii_ = "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in chunk)
        lines.append(f"{offset:08x}  {hexes:<{HEX_LINE * 3 - 1}}  |{ascii_}|")
    return "\n".join(lines)


def payload_view(payload: bytes, size: int | None = None, limit: int = SHOWN_BYTES) -> PayloadView:
    """*payload* (the bytes kept) as safe text or hex; *size* is the size received when larger."""
    size = max(size or 0, len(payload))
    shown = payload[:limit]
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        return PayloadView("hex", _hex_dump(shown), len(shown), len(payload), size)
    text = shown.decode("utf-8", "ignore")  # a character cut by the limit is dropped
    return PayloadView("text", "".join(_visible(char) for char in text), len(shown), len(payload), size)


def purge_limit(now: datetime, retention_days: int) -> datetime:
    """Messages received before this moment are purged (``quarantine.retention_days``)."""
    return now - timedelta(days=retention_days)


def purge_expired_quarantine(engine: Engine, settings: Settings, *, at: datetime | None = None) -> int:
    """Delete the messages older than ``quarantine.retention_days`` (run hourly by the console's housekeeping)."""
    before = purge_limit(at or datetime.now(UTC), settings.quarantine.retention_days)
    with session_scope(engine) as session:
        return purge_quarantine(session, before=before)
