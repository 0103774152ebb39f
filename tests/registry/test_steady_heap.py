"""The registry's start-up heap: collected, frozen out of the garbage collector while the app serves, then given back.

The other tests start their apps without the full collection (``tests/conftest.py``); this one runs it.
"""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest
from fastapi import FastAPI

import registry.app
from registry.app import steady_heap


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_start_up_collects_freezes_and_the_end_gives_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry.app, "gc", gc)
    thresholds = gc.get_threshold()
    garbage = Cycle()
    gone = weakref.ref(garbage)
    del garbage
    seen: dict[str, object] = {}

    async def serve() -> None:
        async with steady_heap(FastAPI()):
            seen["collected"] = gone() is None
            seen["frozen"] = gc.get_freeze_count()
            seen["thresholds"] = gc.get_threshold()

    gc.disable()  # only steady_heap may collect the cycle
    try:
        asyncio.run(serve())
    finally:
        gc.enable()
    assert seen["collected"] is True, "the start-up garbage is collected before the heap is frozen"
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 10_000
    assert seen["thresholds"] == (20_000, 50, 100)
    assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0
