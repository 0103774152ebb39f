"""``scripts/ensure-services.sh``: apt waits for another install's lock and says what is missing when it fails."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ensure-services.sh"


def apt_install_function() -> str:
    """The script's ``APT`` and ``apt_install`` definitions alone (the script itself starts services)."""
    lines = SCRIPT.read_text().splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("APT="))
    end = next(index for index in range(start, len(lines)) if lines[index] == "}")
    return "\n".join(lines[start : end + 1])


@pytest.mark.skipif(os.geteuid() != 0, reason="apt_install installs only as root")
def test_apt_waits_for_the_lock_and_names_what_is_missing(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    fake = tmp_path / "apt-get"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 100\n')
    fake.chmod(0o755)
    (tmp_path / "updated").touch()
    program = apt_install_function().replace("/tmp/.dtpr-apt-updated", str(tmp_path / "updated"))
    done = subprocess.run(
        ["bash", "-c", f"set -euo pipefail\n{program}\napt_install hunspell-fr libenchant-2-2\necho went-on"],
        env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0 and "went-on" in done.stdout, done.stderr
    assert "-o DPkg::Lock::Timeout=600 install -y -qq hunspell-fr libenchant-2-2" in calls.read_text()
    assert "MISSING: could not install hunspell-fr libenchant-2-2" in done.stderr
