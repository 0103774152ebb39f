"""``dtpr import`` and ``dtpr export register`` as a technician runs them: exit codes, files, output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dtpr_cli.main import main
from tests.dtpr_import.conftest import AMSTERDAM, FILES, SHIPPED

FRENCH = FILES / "fr" / "inventaire-videoprotection.csv"


def test_exit_0_when_every_row_is_imported_and_the_register_is_created(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    exported = tmp_path / "register.csv"
    assert main(["export", "register", str(register), "--out", str(exported)]) == 0
    fresh = tmp_path / "copy.yaml"
    fresh.write_text(register.read_text(encoding="utf-8").split("\nsensors:")[0] + "\nsensors: []\n", encoding="utf-8")
    assert main(["import", str(exported), "--preset", "dtpr", "--into", str(fresh)]) == 0
    assert "23 imported" in capsys.readouterr().err
    assert main(["validate", str(fresh)]) == 0


def test_exit_1_when_some_rows_are_refused_and_the_rest_written(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    assert main(["import", str(FRENCH), "--preset", "fr-videoprotection", "--into", str(register)]) == 1
    err = capsys.readouterr().err
    assert "inventaire-videoprotection.csv:inventaire-videoprotection:8:Référence: duplicate id" in err
    assert "4 imported" in err
    assert "VP-049-004" in register.read_text(encoding="utf-8")
    assert main(["validate", str(register)]) == 0


def test_a_register_too_large_to_validate_is_not_written(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The import and dtpr validate share one size limit: an import never writes a register validate refuses."""
    from dtpr_core import yaml_source

    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    before = register.read_bytes()
    monkeypatch.setattr(yaml_source, "MAX_BYTES", len(before) + 200)  # room for the register, not for the rows
    assert main(["import", str(FRENCH), "--preset", "fr-videoprotection", "--into", str(register)]) == 1
    assert f"{register}:1:1: error: file too large" in capsys.readouterr().err
    assert register.read_bytes() == before
    monkeypatch.setattr(yaml_source, "MAX_BYTES", len(before) + 20_000)
    assert main(["import", str(FRENCH), "--preset", "fr-videoprotection", "--into", str(register)]) == 1
    assert len(register.read_bytes()) <= yaml_source.MAX_BYTES
    assert main(["validate", str(register)]) == 0


def test_diff_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    before = register.read_bytes()
    assert main(["import", str(FRENCH), "--preset", "fr-videoprotection", "--into", str(register), "--diff"]) == 1
    out = capsys.readouterr().out
    assert "+  - id: VP-049-001" in out
    assert register.read_bytes() == before
    missing = tmp_path / "new.yaml"
    main(["import", str(AMSTERDAM / "bulk"), "--preset", "amsterdam-bulk", "--into", str(missing), "--diff"])
    assert not missing.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "nowhere.csv", "--preset", "dtpr"], "no such file or folder"),
        (["import", str(FRENCH), "--preset", "dtpr"], "the header lacks column(s) 'access', 'accountable'"),
        (["import", str(FRENCH), "--mapping", "missing-mapping.yaml"], "cannot read the mapping file"),
    ],
)
def test_exit_2_on_a_usage_error(tmp_path: Path, capsys, argv: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert main([*argv, "--into", str(tmp_path / "sensors.yaml")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "sensors.yaml").exists()


def test_a_typo_in_a_value_map_is_exit_2_before_any_row_is_read(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    preset = (SHIPPED.parent / "dtpr_import" / "presets" / "fr-videoprotection.yaml").read_text(encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        preset.replace("Régulation des flux de transport: mobility", "Régulation des flux de transport: mobilty")
    )
    register = tmp_path / "sensors.yaml"
    assert main(["import", str(FRENCH), "--mapping", str(mapping), "--into", str(register)]) == 2
    err = capsys.readouterr().err
    assert "'Régulation des flux de transport' -> 'mobilty' is not a DTPR element (did you mean 'mobility'?)" in err
    assert err.count("mobilty") == 1 and "inventaire-videoprotection.csv:" not in err  # once, no row read
    assert not register.exists()


def test_a_mapping_file_of_ones_own(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "id: 'ANG-VID-{row:04}'\n"
        "organisations:\n  ville-angers: {name: Ville d'Angers}\n"
        "fields:\n"
        "  - {to: name, template: 'Vidéoprotection — {Adresse}'}\n"
        "  - {to: location.lat, column: Latitude}\n"
        "  - {to: location.lon, column: Longitude}\n"
        "  - {to: datachain.purpose, value: mobility}\n"
        "  - {to: datachain.tech, value: non_identifiable_video}\n"
        "  - {to: retention, value: 0}\n",
        encoding="utf-8",
    )
    table = tmp_path / "cameras.csv"
    table.write_text("Adresse\tLatitude\tLongitude\nRue Plantagenêt\t47,4729\t-0,5530\n", encoding="utf-8")
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    assert main(["import", str(table), "--mapping", str(mapping), "--into", str(register)]) == 0
    text = register.read_text(encoding="utf-8")
    assert "  - id: ANG-VID-0002\n    name: {fr: Vidéoprotection — Rue Plantagenêt}\n" in text
    assert "retention: [no_data_retained]" in text
    assert main(["validate", str(register)]) == 0


def test_export_register_to_standard_output_and_xlsx(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export", "register", str(SHIPPED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,name_fr,name_en,")
    assert len(lines) == 24 and lines[1].startswith("ANG-AQ-0001,")
    assert main(["export", "register", str(SHIPPED), "--format", "xlsx"]) == 2
    assert main(["export", "register", str(SHIPPED), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")]) == 0
    assert (tmp_path / "r.xlsx").stat().st_size > 1000


def test_a_problem_on_many_rows_is_summed_up_once(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    inventory = tmp_path / "inventaire.csv"
    lines = FRENCH.read_text(encoding="cp1252").splitlines()
    rows = [line.replace("VP-049-00", f"VP-{n}-") for n, line in enumerate(lines[1:4] * 4)]
    inventory.write_text("\n".join([lines[0], *rows]) + "\n", encoding="cp1252")
    assert main(["import", str(inventory), "--preset", "fr-videoprotection", "--into", str(tmp_path / "new.yaml")]) == 1
    err = capsys.readouterr().err
    assert "the same problem on several rows (fix it once):" in err
    assert "  8 rows (2–3, 5–6, 8–9, 11–12): Responsable: accountable[0]: this sensor collects personal data" in err
