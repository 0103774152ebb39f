"""Every module of the product imports (mypy is told to ignore missing imports, so a stale path would pass it)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

PACKAGES = ("dtpr_core", "dtpr_store", "dtpr_import", "registry", "gateway", "signage", "dtpr_cli")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if ".migrations." not in info.name:
                names.append(info.name)
    return names


@pytest.mark.parametrize("name", _modules())
def test_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_a_command_loads_its_own_module_only() -> None:
    """``dtpr validate`` (run by technicians and their editors' hooks) does not wait for the database layer."""
    import subprocess
    import sys

    code = (
        "import sys; from dtpr_cli.main import main; main(['validate', '--quiet', 'sensors.yaml']); "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'dtpr_cli.staff', 'signage.batch') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
