"""Quarantine: payloads shown safely (text or hex, truncated), filters, purge after the retention period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from dtpr_store.db import session_scope
from dtpr_store.reads import QuarantineFilters, find_quarantine
from dtpr_store.writes import purge_quarantine, quarantine_messages
from registry.staff.quarantine_view import payload_view, purge_limit


def test_utf8_is_text_with_controls_and_bidi_marks_made_visible() -> None:
    view = payload_view('{"name": "caf\u00e9\u202e\x1b[31m"}\n'.encode())
    assert view.kind == "text"
    assert view.body == '{"name": "caf\u00e9\\u202e\\x1b[31m"}\n'
    assert not view.truncated


def test_binary_is_a_hex_dump_and_long_payloads_are_truncated() -> None:
    view = payload_view(b"\xff\xfe<script>" + bytes(range(40)), size=100_000)
    assert view.kind == "hex"
    assert view.body.splitlines()[0] == "00000000  ff fe 3c 73 63 72 69 70 74 3e 00 01 02 03 04 05  |..<script>......|"
    assert view.truncated and view.size == 100_000
    long = payload_view(("é" * 3000).encode(), limit=2049)
    assert long.kind == "text" and long.body == "é" * 1024 and long.shown == 2049 and long.truncated


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
def test_any_payload_is_shown_without_raw_controls(payload: bytes) -> None:
    view = payload_view(payload, limit=256)
    assert view.kind in ("text", "hex")
    assert view.shown == min(len(payload), 256)
    assert all(char in "\n\t" or char.isprintable() for char in view.body)


def test_filters_and_purge_after_the_retention_period(engine: Engine) -> None:
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        quarantine_messages(
            session,
            items=[
                ("dtpr/v1/a/announce", b"{", 1, "invalid JSON: unexpected end", now - timedelta(days=40)),
                ("dtpr/v1/b/announce", b"\xff", 1, "not UTF-8", now - timedelta(days=2)),
                ("homeassistant/sensor/c/config", b"x" * 10, 70_000, "payload too large", now),
            ],
        )
    with session_scope(engine) as session:
        rows, total = find_quarantine(session, QuarantineFilters(topic="DTPR/v1"))
        assert total == 2 and [r.topic for r in rows] == ["dtpr/v1/b/announce", "dtpr/v1/a/announce"]
        rows, total = find_quarantine(session, QuarantineFilters(reason="json"))
        assert total == 1 and rows[0].topic == "dtpr/v1/a/announce"
        rows, total = find_quarantine(session, QuarantineFilters(since=now - timedelta(days=3)))
        assert total == 2
    with session_scope(engine) as session:
        assert purge_quarantine(session, before=purge_limit(now, 30)) == 1
    with session_scope(engine) as session:
        assert find_quarantine(session, QuarantineFilters())[1] == 2
