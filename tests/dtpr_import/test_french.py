"""The fr-videoprotection preset on a French inventory (Windows-1252, ";", Lambert-93, dd/mm/yyyy)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from dtpr_core.yaml_source import load_register_text
from tests.dtpr_import.conftest import FILES, run_import

SAMPLE = FILES / "fr" / "inventaire-videoprotection.csv"


def test_the_french_inventory_gives_the_expected_sensors(shipped_text: str) -> None:
    report = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    expected = yaml.safe_load((FILES / "fr" / "expected-sensors.yaml").read_text(encoding="utf-8"))
    after = yaml.safe_load(report.after)
    assert after["sensors"][-4:] == expected
    assert report.imported == ["VP-049-001", "VP-049-002", "VP-049-003", "VP-049-004"]
    assert report.organisations_added == []  # "Ville d'Angers" and "Ville d'Avrillé" are matched by name
    assert report.organisations_completed == ["avrille"]  # its DPO's contact, from the row: it had none
    assert after["organisations"]["avrille"]["data_protection"] == {"email": "dpo@ville-avrille.fr"}
    assert load_register_text(report.after).ok
    completed = "    data_protection:\n      email: dpo@ville-avrille.fr\n"  # at the end of avrille's entry
    assert report.after.replace(completed, "", 1).startswith(shipped_text.rstrip("\n"))  # the rest untouched


def test_an_order_without_its_date_leaves_no_dangling_words(shipped_text: str) -> None:
    """Row 6 (VP-049-004) has no order date."""
    report = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    sensors = {sensor["id"]: sensor for sensor in yaml.safe_load(report.after)["sensors"]}
    assert sensors["VP-049-004"]["video_protection_authorisation"] == "Arrêté préfectoral n° 2024-VP-0031"
    assert sensors["VP-049-001"]["video_protection_authorisation"] == "Arrêté préfectoral n° 2023-VP-0142 du 14/03/2023"


def test_lambert_93_becomes_latitude_and_longitude(shipped_text: str) -> None:
    report = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    ralliement = yaml.safe_load(report.after)["sensors"][-4]
    assert abs(ralliement["location"]["lat"] - 47.4736) < 1e-5
    assert abs(ralliement["location"]["lon"] + 0.5542) < 1e-5


def test_each_refused_row_names_its_cell_the_value_and_what_was_expected(shipped_text: str) -> None:
    report = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    lines = [p.format() for p in report.problems]
    where = "inventaire-videoprotection.csv:inventaire-videoprotection"
    assert (
        lines[0]
        == f"{where}:7:Mise en service: '31/02/2024': expected a date written '%d/%m/%Y' or '%d-%m-%Y' (e.g. 06/07/2021)"
    )
    assert lines[1].startswith(
        f"{where}:7:Finalités: 'Surveillance générale': not a known value for datachain.purpose; expected one of "
    )
    assert (
        lines[2]
        == f"{where}:7:X (Lambert 93): 'abc': expected a number of metres in EPSG:2154, with a decimal point or comma"
    )
    assert (
        lines[3]
        == f"{where}:8:Référence: duplicate id 'VP-049-001' in the file (first at inventaire-videoprotection row 2)"
    )
    assert report.summary() == (
        "6 rows read; 4 imported; 0 updated; 2 refused; DPO contact added to: avrille; skipped: 1 empty row(s)"
    )
    assert not report.complete


def test_importing_again_changes_nothing(shipped_text: str) -> None:
    first = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    again = run_import(SAMPLE, "fr-videoprotection", first.after)
    assert not again.changed
    assert again.skipped["unchanged (already in the register)"] == 4


def test_the_french_text_keeps_its_no_break_space(shipped_text: str) -> None:
    report = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    description = yaml.safe_load(report.after)["sensors"][-2]["description"]["fr"]
    assert "caméras\u00a0: 6" in description


def test_docs_quote_what_the_import_prints(shipped_text: str) -> None:
    doc = (FILES.parents[1] / "docs" / "importing.md").read_text(encoding="utf-8")
    report = run_import(SAMPLE, "fr-videoprotection", shipped_text)
    lines = [p.format() for p in report.problems] + [f"dtpr import: {report.summary()}"]
    quoted = [line for line in lines if "expected one of" not in line]
    assert len(quoted) == 4
    for line in quoted:
        assert f"\n{line}\n" in doc, f"docs/importing.md should quote: {line}"


def _inventory_with_retention(tmp_path: Path, durations: list[str]) -> Path:
    """The sample's first site, once a retention cell (ids VP-T-1, VP-T-2…), as a UTF-8 ";" CSV."""
    header, first = SAMPLE.read_text(encoding="cp1252").splitlines()[:2]
    columns = header.split(";")
    cells = next(csv.reader([first], delimiter=";"))
    lines = [header]
    for number, duration in enumerate(durations, 1):
        row = dict(zip(columns, cells, strict=True))
        row.update({"Référence": f"VP-T-{number}", "Durée de conservation (jours)": duration})
        lines.append(";".join(f'"{row[c]}"' for c in columns))
    path = tmp_path / "inventaire.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_written_retention_becomes_kept_images_and_validates_without_a_free_text_warning(
    tmp_path: Path, shipped_text: str
) -> None:
    path = _inventory_with_retention(tmp_path, ["15 jours", "30 j", "1 mois", "quinze jours"])
    report = run_import(path, "fr-videoprotection", shipped_text)
    sensors = {s["id"]: s for s in yaml.safe_load(report.after)["sensors"]}
    assert [sensors[f"VP-T-{n}"]["kept"] for n in (1, 2, 3)] == [
        {"images": "15 days"},
        {"images": "30 days"},
        {"images": "1 month"},
    ]
    assert sensors["VP-T-1"]["legal_ground"] == ["csi_l251_2", "csi_l252_1"]
    assert sensors["VP-T-1"]["datachain"]["retention"] == ["data_retained"]
    assert [p.format() for p in report.problems] == [
        "inventaire.csv:inventaire:5:Durée de conservation (jours): 'quinze jours': expected a duration such as "
        "'15 jours', '30 j', '1 mois', '2 ans', '24 h', '15 days' or 'aucune'"
    ]
    result = load_register_text(report.after, migration=True)  # as `dtpr validate` reads it
    assert result.ok
    assert not [p.message for p in result.problems if "free text" in p.message]
    register = result.register
    assert register is not None
    camera = next(s for s in register.sensors if s.id == "VP-T-3")
    assert camera.legal_grounds == ("csi_l251_2", "csi_l252_1")
    assert [(k.data, k.amount, k.unit) for k in camera.kept] == [("images", 1, "month")]
