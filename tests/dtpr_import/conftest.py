"""Fixtures of the importer's tests: the sample files, the shipped register, running an import."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtpr_import import ImportOptions, ImportReport, import_sheets, load_preset, read_tables

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "import_files"
AMSTERDAM = FILES / "amsterdam"
SHIPPED = ROOT / "sensors.yaml"


def run_import(source: Path, preset: str, before: str = "", **options: bool) -> ImportReport:
    return import_sheets(read_tables(source), load_preset(preset), before, ImportOptions(**options))


@pytest.fixture
def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")
