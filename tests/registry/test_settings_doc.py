"""Every setting is documented: .env.example and docs/configuration.md list them all, up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from dtpr_core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def every_variable() -> list[str]:
    names = []
    for group_name, group_field in Settings.model_fields.items():
        group = group_field.default
        assert isinstance(group, BaseModel)
        names += [f"DTPR_{group_name.upper()}__{name.upper()}" for name in type(group).model_fields]
    return names


def test_every_setting_is_in_both_files() -> None:
    env = (ROOT / ".env.example").read_text("utf-8")
    doc = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    for variable in every_variable():
        assert f"{variable}=" in env, f"{variable} missing from .env.example"
        assert f"`{variable}`" in doc, f"{variable} missing from docs/configuration.md"


def test_generated_files_are_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "settings_doc.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
