"""The register's free texts as gettext catalogues: export, import, fuzzy on a changed French, coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtpr_cli.main import main
from dtpr_core.register_po import read_catalogue
from dtpr_core.yaml_source import load_register_file
from tests.domain.test_validate_cli import CURRENT

VALID = CURRENT
"""A register with ``kept``: its durations are said in any language a translation adds."""

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "sensors.yaml"
    path.write_text(VALID, "utf-8")
    return path


def entries(path: Path) -> dict[str, tuple[str, str, bool]]:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {str(e.context): (str(e.id), str(e.string), e.fuzzy) for e in catalogue if e.id}


def test_export_translate_import_and_a_changed_french_is_fuzzy(register: Path, tmp_path: Path, capsys) -> None:
    assert main(["translations", "export", "--lang", "es", "--register", str(register)]) == 0
    exported = tmp_path / "translations" / "es.po"
    assert entries(exported)["ANG-T-0001 name"] == ("Capteur de test", "", False)
    assert "0 of 4 texts translated" in capsys.readouterr().out
    # a translator's file comes back from Poedit
    done = tmp_path / "es-done.po"
    done.write_text(
        exported.read_text("utf-8").replace(
            'msgid "Capteur de test"\nmsgstr ""', 'msgid "Capteur de test"\nmsgstr "Sensor de prueba"'
        ),
        "utf-8",
    )
    assert main(["translations", "import", str(done), "--lang", "es", "--register", str(register)]) == 0
    assert "1 of 4 texts translated, 0 to check" in capsys.readouterr().out
    sensor = load_register_file(str(register)).register.sensors[0]
    assert sensor.name["es"] == "Sensor de prueba", "the registry at sync reads translations/es.po"
    # the French changes: the translation is no longer shown, and the next export marks it fuzzy
    register.write_text(VALID.replace("Capteur de test", "Capteur d'essai"), "utf-8")
    assert "es" not in load_register_file(str(register)).register.sensors[0].name
    assert main(["translations", "export", "--lang", "es", "--register", str(register)]) == 0
    assert entries(exported)["ANG-T-0001 name"] == ("Capteur d'essai", "Sensor de prueba", True)
    assert "es" not in load_register_file(str(register)).register.sensors[0].name, "fuzzy is not shown"
    assert "0 of 4 texts translated, 1 to check" in capsys.readouterr().out


def test_validate_reports_coverage_per_language(tmp_path: Path, capsys) -> None:
    shutil.copy(ROOT / "sensors.yaml", tmp_path / "sensors.yaml")
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    assert main(["validate", str(tmp_path / "sensors.yaml")]) == 0
    err = capsys.readouterr().err
    assert "es 100 % (77/77), pt 100 % (77/77)" in err


def test_the_shipped_register_is_whole_in_spanish_and_portuguese() -> None:
    result = load_register_file(str(ROOT / "sensors.yaml"))
    assert result.translated["es"] == result.translated["pt"] == (77, 77)
    for sensor in result.register.sensors:
        for lang in ("es", "pt"):
            assert sensor.name[lang] and sensor.description[lang] and sensor.purpose[lang], (sensor.id, lang)
    for lang in ("es", "pt"):
        catalogue = read_catalogue(ROOT / "translations" / f"{lang}.po", lang)
        assert not [e.context for e in catalogue if e.id and (e.fuzzy or not e.string)]


def test_an_unreadable_po_is_one_clear_error(register: Path, tmp_path: Path) -> None:
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "pt.po").write_text("this is not a catalogue\n", "utf-8")
    result = load_register_file(str(register))
    assert not result.ok
    (problem,) = result.problems
    assert "pt.po: cannot read it as a gettext .po file" in problem.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_po_text_is_read_or_refused_never_crashes(register: Path, tmp_path: Path, text: str) -> None:
    folder = tmp_path / "translations"
    folder.mkdir(exist_ok=True)
    (folder / "es.po").write_text(text, "utf-8")
    result = load_register_file(str(register))
    assert result.ok or any(p.is_error and "es.po" in p.message for p in result.problems)
