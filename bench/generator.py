"""The benchmarks' HTTP load generator: ``wrk``, installed from Debian when missing.

A ratio of two servers' figures means something only when the client is not the bound: the
Python fallback (httpx) saturates this machine's CPU at a few hundred requests a second for a
page and for hello alike ("ratio 0.97" on a fresh clone), so a benchmark that had to fall
back prints its raw figures and refuses the ratio (:func:`ratio_text`).
"""

from __future__ import annotations

import os
import shutil
import subprocess

WRK_PACKAGE = "wrk"
"""Debian's ``wrk`` (``apt-get install wrk``)."""


def ensure_wrk() -> str:
    """``"wrk"``, installing it with apt-get (as root) when it is missing; ``"httpx"`` when that cannot be done."""
    if shutil.which("wrk") is None and shutil.which("apt-get") and os.geteuid() == 0:
        print("installing wrk (apt-get install wrk): the benchmarks' load generator", flush=True)
        install = ["apt-get", "install", "-y", "-q", WRK_PACKAGE]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False}
        if subprocess.run(install, **quiet).returncode != 0:  # type: ignore[call-overload]
            subprocess.run(["apt-get", "update", "-q"], **quiet)  # type: ignore[call-overload]
            subprocess.run(install, **quiet)  # type: ignore[call-overload]
    return "wrk" if shutil.which("wrk") else "httpx"


def ratio_text(value: float, ceiling: float) -> str:
    """``0.57``, or ``refused`` when the generator is httpx (then it bounds both figures, not the server)."""
    if shutil.which("wrk") is None:
        return "refused"
    return f"{value / ceiling:.2f}"


REFUSAL = (
    "no ratio: wrk is missing (install it: apt-get install wrk) and the httpx fallback bounds both figures,"
    " so their ratio would be the client's, not the registry's"
)
