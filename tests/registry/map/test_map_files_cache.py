"""The live map's files: built once, then never in a request's way (a stale copy while the next is built)."""

from __future__ import annotations

import threading
import time

from registry.map.files import Body, MapFiles, MapFilesCache


def _files(tag: bytes) -> MapFiles:
    return MapFiles(Body.of(tag), Body.of(b"{}"))


def test_a_stale_copy_is_served_while_the_next_is_built() -> None:
    cache = MapFilesCache(seconds=0.05)
    assert cache.get(lambda: _files(b"first")).data.plain == b"first"
    time.sleep(0.06)
    release = threading.Event()
    builds: list[str] = []

    def slow() -> MapFiles:
        builds.append("slow")
        release.wait(5)
        return _files(b"second")

    started = time.monotonic()
    assert cache.get(slow).data.plain == b"first"  # stale, at once
    assert cache.get(slow).data.plain == b"first"  # one build at a time
    assert time.monotonic() - started < 1 and builds == ["slow"]
    release.set()
    deadline = time.monotonic() + 5
    while cache.get(lambda: _files(b"unused")).data.plain != b"second" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.get(lambda: _files(b"unused")).data.plain == b"second"


def test_a_failed_rebuild_keeps_the_copy_and_tries_again() -> None:
    cache = MapFilesCache(seconds=0)
    cache.get(lambda: _files(b"first"))

    def broken() -> MapFiles:
        raise RuntimeError("database gone")

    assert cache.get(broken).data.plain == b"first"
    time.sleep(0.05)
    assert cache.get(lambda: _files(b"again")).data.plain in (b"first", b"again")
    deadline = time.monotonic() + 5
    while cache.get(lambda: _files(b"again")).data.plain != b"again" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.get(lambda: _files(b"again")).data.plain == b"again"
