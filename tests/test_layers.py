"""The layers hold: the import-linter contracts (``pyproject.toml``), no import cycle, none hidden in a function.

``make lint`` runs the same contracts (``lint-imports``); here they also run with the tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

PACKAGES = ("dtpr_core", "dtpr_store", "dtpr_import", "registry", "gateway", "signage", "dtpr_cli")
ROOT = Path(__file__).resolve().parents[1]
LAZY = ("dtpr_cli",)
"""The CLI imports a command's service when the command runs (``dtpr validate`` never loads FastAPI):
it wires the others, so nothing imports it back and its lazy imports can hide no cycle."""


def test_the_import_contracts_are_kept() -> None:
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS, "a contract is broken: see the output above (or run .venv/bin/lint-imports)"


def test_no_import_cycle() -> None:
    graph = grimp.build_graph(*PACKAGES)
    cycles = sorted(
        {
            " -> ".join(chain)
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if (chain := graph.find_shortest_chain(importer=imported, imported=module))
        }
    )
    assert not cycles, f"import cycles (each chain leads back to its start): {cycles}"


def function_imports(source: str) -> list[tuple[int, str]]:
    """The imports of our packages made inside a function of *source*: (line, module)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom):
                names = [inner.module or ""] if inner.level == 0 else ["(relative)"]
            elif isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            else:
                continue
            found += [(inner.lineno, name) for name in names if name.split(".")[0] in (*PACKAGES, "(relative)")]
    return found


@pytest.mark.parametrize("package", [p for p in PACKAGES if p not in LAZY])
def test_no_import_of_ours_inside_a_function(package: str) -> None:
    """An import inside a function hides a cycle from the module graph: import at the top, or move the code."""
    hidden = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in function_imports(path.read_text("utf-8"))
    ]
    assert not hidden, hidden


def test_the_check_finds_a_hidden_import() -> None:
    source = "import os\n\ndef f():\n    from dtpr_store.writes import now\n    import registry.app\n    import json\n"
    assert function_imports(source) == [(4, "dtpr_store.writes"), (5, "registry.app")]
