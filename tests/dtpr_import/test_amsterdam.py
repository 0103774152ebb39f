"""Amsterdam's own files (Amsterdam/iot-api, MPL-2.0): the bulk workbook, its CSV sheets, the web form."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import yaml

from dtpr_core.yaml_source import load_register_text
from tests.dtpr_import.conftest import AMSTERDAM, run_import


def _problems(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.format() for p in report.problems]


def test_the_bulk_folder_names_each_refused_cell_and_adds_the_organisation_once() -> None:
    report = run_import(AMSTERDAM / "bulk", "amsterdam-bulk")
    assert (report.read, report.refused, report.imported) == (2, 2, [])
    problems = _problems(report)
    # no retention period and no data-protection contact in Amsterdam's form: said, per row
    assert (
        "Sensorregistratie.csv:Sensorregistratie:2:-: this sensor collects personal data (identifiable_video)"
        in (problems[0])
    )
    assert any(p.startswith("Sensorregistratie.csv:Sensorregistratie:3:-: accountable[0]:") for p in problems)
    assert any("to organisation 'gemeente-amsterdam'" in p for p in problems)
    assert not report.changed  # nothing valid: nothing written


def test_drafts_keep_what_the_row_said_and_list_what_is_missing() -> None:
    report = run_import(AMSTERDAM / "bulk", "amsterdam-bulk", draft=True)
    assert report.drafts == ["AMS-7079-2296", "AMS-7079-2297"]
    data = yaml.safe_load(report.after)
    assert data["organisations"] == {
        "gemeente-amsterdam": {
            "name": "Gemeente Amsterdam",
            "contact": {"email": "p.ersoon@amsterdam.nl", "url": "https://amsterdam.nl", "phone": "06123456789"},
        }
    }
    first, second = data["sensors"]
    assert first["status"] == "planned"
    assert first["location"] == {"lat": 52.3676, "lon": 4.9041, "zone": "AB;AC"}
    assert first["datachain"] == {"purpose": ["safety_security"], "tech": ["identifiable_video"]}
    assert second["legal_basis"] == "vital_interests"
    assert second["datachain"]["purpose"] == ["safety_security", "health"]
    assert "# Draft imported from Sensorregistratie.csv:Sensorregistratie:3" in report.after
    # a draft is not a sensor yet: validate refuses it until it is completed
    assert not load_register_text(report.after).ok


def test_duplicate_references_are_refused_naming_the_first() -> None:
    report = run_import(AMSTERDAM / "bulk_duplicate_references", "amsterdam-bulk")
    duplicates = [p for p in _problems(report) if "duplicate id" in p]
    assert duplicates == [
        "Sensorregistratie.csv:Sensorregistratie:4:Referentie: duplicate id 'AMS-7079-2296-0' in the file "
        "(first at Sensorregistratie row 3)",
        "Sensorregistratie.csv:Sensorregistratie:6:Referentie: duplicate id 'AMS-7079-2296-1' in the file "
        "(first at Sensorregistratie row 5)",
    ]
    assert report.read == 5


def test_empty_rows_and_columns_are_skipped() -> None:
    report = run_import(AMSTERDAM / "empty_rows_columns_bulk", "amsterdam-bulk", draft=True)
    assert report.read == 1
    assert report.drafts == ["AMS-7079-2296"]
    assert "gemeente-amsterdam" in yaml.safe_load(report.after)["organisations"]
    iprox = run_import(AMSTERDAM / "empty_rows_columns_iprox" / "Sensorregistratie.csv", "amsterdam-iprox", draft=True)
    assert (iprox.read, iprox.drafts) == (1, ["AMS-7079-2296-1"])


def test_the_web_form_gives_up_to_five_sensors_a_row() -> None:
    report = run_import(AMSTERDAM / "iprox_five_sensors" / "Sensorregistratie.csv", "amsterdam-iprox", draft=True)
    assert report.read == 1
    assert report.drafts == [f"AMS-7079-2296-{n}" for n in range(1, 6)]
    sensors = yaml.safe_load(report.after)["sensors"]
    assert {s["location"]["address"] for s in sensors} == {"1011 PN 3 III"}  # the sensor's, not the organisation's
    assert all(s["datachain"]["tech"] == ["identifiable_video"] for s in sensors)
    # no coordinates in the form: each sensor says so, then gets markers to fill in
    assert report.problems[0].format().endswith("location: location is missing the required key 'lat'")
    assert sensors[0]["location"]["lat"].startswith("À COMPLÉTER")


def test_a_single_web_form_row_with_two_sensors_of_different_kinds() -> None:
    report = run_import(AMSTERDAM / "iprox_single" / "Sensorregistratie.csv", "amsterdam-iprox", draft=True)
    first, second = yaml.safe_load(report.after)["sensors"]
    assert first["datachain"]["tech"] == ["identifiable_video"]
    assert second["datachain"] == {
        "purpose": ["safety_security", "health"],
        "tech": ["air_quality"],
        "data": ["personal"],
    }
    assert second["legal_basis"] == "vital_interests"
    duplicates = run_import(
        AMSTERDAM / "iprox_duplicate_references" / "Sensorregistratie.csv", "amsterdam-iprox", draft=True
    )
    assert sum("duplicate id" in p for p in _problems(duplicates)) == 2


def _filled_workbook(tmp_path: Path) -> Path:
    """Amsterdam's real workbook, its two sheets filled in with the rows of the CSV sample."""
    workbook = openpyxl.load_workbook(AMSTERDAM / "bulk.xlsx")
    folder = AMSTERDAM / "bulk"
    with (folder / "Sensorregistratie.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row[:20], start=1):
            workbook["Sensorregistratie"].cell(index, column, float(value) if column in (3, 4) else value or None)
    with (folder / "Uw gegevens.csv").open(encoding="utf-8", newline="") as handle:
        for index, (_, value) in enumerate(csv.reader(handle, delimiter=";"), start=1):
            workbook["Uw gegevens"].cell(index, 2, value or None)
    path = tmp_path / "bulk.xlsx"
    workbook.save(path)
    return path


def test_the_workbook_reads_like_its_csv_sheets(tmp_path: Path) -> None:
    empty = run_import(AMSTERDAM / "bulk.xlsx", "amsterdam-bulk")
    assert (empty.read, empty.refused, dict(empty.skipped)) == (0, 0, {})  # the template, a million empty rows
    from_workbook = run_import(_filled_workbook(tmp_path), "amsterdam-bulk", draft=True)
    from_csv = run_import(AMSTERDAM / "bulk", "amsterdam-bulk", draft=True)
    assert yaml.safe_load(from_workbook.after) == yaml.safe_load(from_csv.after)
    assert [p.format().replace("bulk.xlsx", "Sensorregistratie.csv") for p in from_workbook.problems] == [
        p.format() for p in from_csv.problems
    ]


def test_each_amsterdam_preset_gives_its_expected_file() -> None:
    """The whole file written (drafts, comments, organisation), as reviewed in tests/import_files/expected/."""
    expected = AMSTERDAM.parent / "expected"
    bulk = run_import(AMSTERDAM / "bulk", "amsterdam-bulk", draft=True)
    assert bulk.after == (expected / "amsterdam-bulk.draft.yaml").read_text(encoding="utf-8")
    five = run_import(AMSTERDAM / "iprox_five_sensors" / "Sensorregistratie.csv", "amsterdam-iprox", draft=True)
    assert five.after == (expected / "amsterdam-iprox-five.draft.yaml").read_text(encoding="utf-8")
