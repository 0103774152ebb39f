"""Signs rendered in worker processes, for a server (``dtpr serve`` hands :class:`SignWorkers` to the registry).

A PNG costs up to a second of CPU, mostly Python holding the GIL: rendered in the server's
own threads, signs starved its pages (p50 from 4 to 66 ms) and PDFium, which is not
thread-safe, once killed the whole process (issue #22). Here each render runs in one of
a few spawned processes, one sign at a time per process: the server's GIL stays free for
its pages, and a crash in a native library costs one answer (the pool is made anew), never
the server.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Mapping
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from dtpr_core import DtprError, Sensor, SupervisoryAuthority, load_taxonomy
from signage.fonts import register_fonts
from signage.options import SignOptions
from signage.render import render_sign

RENDER_TIMEOUT_S = 120.0


class SignRenderFailed(DtprError):
    """The worker rendering a sign stopped (or took too long): the sign can be asked for again."""

    status = 503
    code = "sign_render_failed"


def render_options(options: Mapping[str, Any], authority: SupervisoryAuthority | None) -> SignOptions:
    """The registry's plain options (``base_url``, ``size``, ``langs``, ``revision``, ``revision_date``)."""
    extra: dict[str, Any] = {"authority": authority} if authority is not None else {}
    return SignOptions(**options, **extra)


def _exit_with_parent(parent: int) -> None:
    """A worker whose server is gone (killed, or stopped before it could stop its pool) leaves too."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _warm_up(parent: int) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()
    register_fonts()
    load_taxonomy()


def _render(sensor: Sensor, options: dict[str, Any], fmt: str, authority: SupervisoryAuthority | None) -> bytes:
    return render_sign(sensor, render_options(options, authority), fmt)


class SignWorkers:
    """``render(sensor, options, fmt) -> bytes`` in *workers* processes, started on the first sign."""

    def __init__(self, workers: int = 1, authority: SupervisoryAuthority | None = None) -> None:
        self.workers, self.authority = workers, authority
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")  # never fork a threaded server
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_warm_up, initargs=(os.getpid(),)
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def __call__(self, sensor: Sensor, options: Mapping[str, Any], fmt: str) -> bytes:
        pool = self._executor()
        try:
            return pool.submit(_render, sensor, dict(options), fmt, self.authority).result(RENDER_TIMEOUT_S)
        except BrokenExecutor as error:
            self._discard(pool)
            raise SignRenderFailed("the sign renderer stopped while drawing this sign: ask again") from error
        except FutureTimeout as error:
            self._discard(pool)
            raise SignRenderFailed(f"the sign took more than {RENDER_TIMEOUT_S:g} s to draw: ask again") from error

    def close(self) -> None:
        """Stop the worker processes (the sign being drawn is finished first)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
