"""``dtpr import`` on the odd but plausible files a technician has: titles above the table, a
workbook with a notes sheet, dates with a time, Excel's "Unicode text", files that are not
what their name says, a mapping with a typo, the exported register saved again by Excel."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from dtpr_cli.main import main
from tests.dtpr_import.conftest import AMSTERDAM, FILES, SHIPPED

FRENCH = FILES / "fr" / "inventaire-videoprotection.csv"
MAPPING = """\
id: "ANG-AIR-{Ref}"
organisations:
  alm: {name: Angers Loire Métropole}
fields:
  - {to: name, column: Nom}
  - {to: location.lat, column: Latitude}
  - {to: location.lon, column: Longitude}
  - {to: installed_on, column: Date de pose, kind: date, format: ["%d/%m/%Y"]}
  - {to: datachain.tech, column: Type, values: {Chemiesensor: air_quality}}
  - {to: datachain.purpose, value: ecology}
  - {to: kept.measurements, value: 5 ans}
  - {to: datachain.storage, value: stored_locally}
"""
HEADER = ["Ref", "Nom", "Latitude", "Longitude", "Type", "Date de pose"]
ROWS = [["12", "Station Foch", "47.4712", "-0.5510", "Chemiesensor", "06/07/2021"]]


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def _import(source: Path, mapping: Path, register: Path, *more: str) -> int:
    return main(["import", str(source), "--mapping", str(mapping), "--into", str(register), *more])


def _sensors(register: Path) -> dict[str, dict[str, object]]:
    return {s["id"]: s for s in yaml.safe_load(register.read_text(encoding="utf-8"))["sensors"]}


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_a_title_above_the_table_is_skipped_in_csv(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = [["Inventaire des capteurs — 2024", "", ""], ["", "", ""], ["Service Air;", "", ""], HEADER, *ROWS]
    source = _write_csv(tmp_path / "inventaire.csv", rows)
    register = tmp_path / "sensors.yaml"
    assert _import(source, mapping, register) == 0
    assert "2 row(s) above the header" in capsys.readouterr().err
    assert _sensors(register)["ANG-AIR-12"]["installed_on"] == dt.date(2021, 7, 6)
    assert main(["validate", str(register)]) == 0


def test_a_title_above_the_table_and_real_dates_in_a_workbook(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Capteurs de la ville"])
    sheet.append([dt.datetime(2024, 3, 1)])
    sheet.append([*HEADER, None, None])  # trailing empty columns
    sheet.append([12.0, "Station Foch", 47.4712, -0.551, "Chemiesensor", dt.datetime(2021, 7, 6, 10, 30)])
    sheet.append([13, "Station Gare", 47.466, -0.558, "Chemiesensor", dt.datetime(2021, 7, 7, 8, 15, 0, 500)])
    source = tmp_path / "capteurs.xlsx"
    workbook.save(source)
    register = tmp_path / "sensors.yaml"
    assert _import(source, mapping, register) == 0, capsys.readouterr().err
    sensors = _sensors(register)
    assert sensors["ANG-AIR-12"]["installed_on"] == dt.date(2021, 7, 6)
    assert sensors["ANG-AIR-13"]["installed_on"] == dt.date(2021, 7, 7)
    assert "2 row(s) above the header" in capsys.readouterr().err


def test_a_sheet_of_notes_beside_the_table_is_skipped(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    workbook.active.title = "Capteurs"
    workbook.active.append(HEADER)
    workbook.active.append(ROWS[0])
    workbook.create_sheet("Notes").append(["À vérifier avec le service Air"])
    workbook.create_sheet("Vide")
    source = tmp_path / "capteurs.xlsx"
    workbook.save(source)
    register = tmp_path / "sensors.yaml"
    assert _import(source, mapping, register) == 0
    err = capsys.readouterr().err
    assert "2 sheet(s) naming none of the mapped columns (Notes, Vide)" in err
    assert list(_sensors(register)) == ["ANG-AIR-12"]


def test_a_sheet_with_some_of_the_columns_is_still_a_usage_error(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.create_sheet("Autres").append(["Ref", "Nom"])
    source = tmp_path / "capteurs.xlsx"
    workbook.save(source)
    assert _import(source, mapping, tmp_path / "sensors.yaml") == 2
    assert "capteurs.xlsx:Autres:1:-: the header lacks column(s) 'Date de pose', 'Latitude'" in capsys.readouterr().err


def test_a_workbook_none_of_whose_sheets_is_the_table_is_a_usage_error(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["rien"])
    workbook.create_sheet("Encore")
    source = tmp_path / "notes.xlsx"
    workbook.save(source)
    assert _import(source, mapping, tmp_path / "sensors.yaml") == 2
    assert "notes.xlsx:Notes:1:-: the header lacks column(s)" in capsys.readouterr().err


def test_the_header_is_looked_for_in_the_first_rows_only(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = [[f"note {n}"] for n in range(10)] + [HEADER, *ROWS]
    source = _write_csv(tmp_path / "notes.csv", rows)
    assert _import(source, mapping, tmp_path / "sensors.yaml") == 2
    assert "notes.csv:notes:1:-: the header lacks column(s)" in capsys.readouterr().err


def test_an_empty_file_is_a_usage_error(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "vide.csv"
    source.write_bytes(b"")
    register = tmp_path / "sensors.yaml"
    assert _import(source, mapping, register) == 2
    assert "vide.csv:vide:-:-: the sheet is empty" in capsys.readouterr().err
    assert not register.exists()


def test_excel_unicode_text_is_read(tmp_path: Path, mapping: Path) -> None:
    source = _write_csv(tmp_path / "capteurs.txt", [HEADER, *ROWS], encoding="utf-16", delimiter="\t")
    register = tmp_path / "sensors.yaml"
    assert _import(source, mapping, register) == 0
    assert list(_sensors(register)) == ["ANG-AIR-12"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("capteurs.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00", "capteurs.csv: not a text file"),
        ("capteurs.csv", b"PK\x03\x04\x14\x00\x06\x00", "capteurs.csv: this is a workbook (XLSX), not a CSV file"),
        ("capteurs.xls", b"\xd0\xcf\x11\xe0", "capteurs.xls: a .xls workbook cannot be read: save it as .xlsx"),
        ("capteurs.ods", b"PK\x03\x04", "capteurs.ods: a .ods workbook cannot be read: save it as .xlsx"),
    ],
)
def test_a_file_that_is_not_a_table_says_what_it_is(  # type: ignore[no-untyped-def]
    tmp_path: Path, mapping: Path, capsys, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    assert _import(source, mapping, tmp_path / "sensors.yaml") == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typo", "fixed", "message"),
    [
        ("{to: name, column: Nom}", "{to: name, colum: Nom}", "unknown key 'colum' (did you mean 'column'?)"),
        (
            "{to: location.lat,",
            "{to: location.latt,",
            "'location.latt' is not a register field (did you mean 'location.lat'?)",
        ),
        ("kind: date", "kind: dates", "'dates' is not one of text, number, date, list, days (did you mean 'date'?)"),
        ("fields:", "feilds:", "unknown key 'feilds' (did you mean 'fields'?)"),
    ],
)
def test_a_typo_in_the_mapping_suggests_the_word(  # type: ignore[no-untyped-def]
    tmp_path: Path, capsys, typo: str, fixed: str, message: str
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.replace(typo, fixed, 1), encoding="utf-8")
    source = _write_csv(tmp_path / "capteurs.csv", [HEADER, *ROWS])
    assert _import(source, mapping, tmp_path / "sensors.yaml") == 2
    assert message in capsys.readouterr().err


def test_a_preset_name_with_a_typo_suggests_the_preset(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = _write_csv(tmp_path / "capteurs.csv", [HEADER, *ROWS])
    assert main(["import", str(source), "--preset", "fr-videoprotecion", "--into", str(tmp_path / "s.yaml")]) == 2
    assert "unknown preset 'fr-videoprotecion' (did you mean 'fr-videoprotection'?)" in capsys.readouterr().err


def test_the_exported_register_saved_again_by_excel_in_french_imports_back(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Excel in French saves a CSV with ';', in Windows-1252, dates as 12/03/2024 and decimal commas."""
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    exported = tmp_path / "register.csv"
    assert main(["export", "register", str(register), "--out", str(exported)]) == 0
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in ("installed_on", "retired_on"):
            if row[column]:
                row[column] = dt.date.fromisoformat(row[column]).strftime("%d/%m/%Y")
        row["lat"], row["lon"] = row["lat"].replace(".", ","), row["lon"].replace(".", ",")
    assert any(row["retired_on"] for row in rows)
    saved = tmp_path / "registre.csv"
    with saved.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    before = register.read_bytes()
    capsys.readouterr()
    code = main(["import", str(saved), "--preset", "dtpr", "--update", "--into", str(register)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"skipped: {len(rows)} unchanged" in err
    assert register.read_bytes() == before


def test_a_problem_of_each_sensor_of_one_wide_row_is_not_said_on_several_rows(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = AMSTERDAM / "iprox_five_sensors"
    assert main(["import", str(source), "--preset", "amsterdam-iprox", "--into", str(tmp_path / "s.yaml")]) == 1
    err = capsys.readouterr().err
    assert "Sensorregistratie.csv:Sensorregistratie:2:-: location: location is missing the required key 'lat'" in err
    assert "rows (2)" not in err
    assert "the same problem on several rows" not in err


def test_the_mapping_example_of_the_docs_works_as_written(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """docs/importing.md's mapping gives an organisation and a column naming it too: listed once."""
    doc = (SHIPPED.parent / "docs" / "importing.md").read_text(encoding="utf-8")
    mapping = tmp_path / "my-mapping.yaml"
    mapping.write_text(doc.split("## A mapping of your own")[1].split("```yaml\n")[1].split("```")[0], encoding="utf-8")
    rows = [
        ["Nom", "Exploitant", "X", "Y", "Latitude", "Longitude", "Rue", "Numéro", "Date de pose", "Type"]
        + ["Thème 1", "Thème 2", "Données personnelles", "Conservation"],
        ["Caméra Ralliement", "Ville d'Angers", "432387,1", "6714161,7", "", "", "Place du Ralliement", "1"]
        + ["06-07-2021", "Optische / camera sensor", "Sécurité", "Mobilité", "Oui", "15 jours"],
        ["Station Foch", "Ville d'Angers", "", "", "47,47", "-0,55", "Rue Foch", "40", "07/07/2021"]
        + ["Chemiesensor", "Mobilité", "", "Non", "1 mois"],
    ]
    source = _write_csv(tmp_path / "export.csv", rows)
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    assert _import(source, mapping, register) == 0, capsys.readouterr().err
    sensors = _sensors(register)
    assert sensors["ANG-VID-0002"]["accountable"] == ["ville-angers"]
    assert sensors["ANG-VID-0002"]["location"] == {"lat": 47.4736, "lon": -0.5542, "address": "Place du Ralliement, 1"}
    assert sensors["ANG-VID-0003"]["datachain"]["tech"] == ["air_quality"]
    assert main(["validate", str(register)]) == 0


def test_into_a_folder_that_does_not_exist_is_a_usage_error_before_the_import(  # type: ignore[no-untyped-def]
    tmp_path: Path, mapping: Path, capsys
) -> None:
    source = _write_csv(tmp_path / "capteurs.csv", [HEADER, *ROWS])
    register = tmp_path / "nowhere" / "sensors.yaml"
    assert _import(source, mapping, register) == 2
    err = capsys.readouterr().err
    assert f"cannot write {register}: no folder {register.parent}; create it first" in err
    assert "imported" not in err
    assert _import(source, mapping, register, "--diff") == 0  # a dry run writes nothing: no folder needed


@pytest.mark.parametrize(
    ("x", "y"),
    [("47,4736", "-0,5542"), ("-0,5542", "47,4736"), ("6714161,7", "432387,1")],  # degrees, either way; X and Y swapped
)
def test_lambert_93_coordinates_far_from_france_are_refused(tmp_path: Path, capsys, x: str, y: str) -> None:  # type: ignore[no-untyped-def]
    header, first = FRENCH.read_text(encoding="cp1252").splitlines()[:2]
    cells = first.split(";")
    rows = [";".join([f"VP-T-{n}", *cells[1:3], x, y, *cells[5:]]) for n in range(300)]  # more than a block
    source = tmp_path / "inventaire.csv"
    source.write_text("\n".join([header, *rows]) + "\n", encoding="cp1252")
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    before = register.read_bytes()
    assert main(["import", str(source), "--preset", "fr-videoprotection", "--into", str(register)]) == 1
    err = capsys.readouterr().err
    assert f"inventaire.csv:inventaire:301:X (Lambert 93): ({x}, {y}) is outside the area EPSG:2154 is made for" in err
    assert "are the X and Y columns swapped, or a digit missing?" in err
    assert "0 imported" in err and "300 refused" in err
    assert register.read_bytes() == before


def test_an_organisation_and_a_listed_value_are_matched_whatever_their_apostrophe(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Excel's autocorrect writes "Ville d’Angers": it is the register's ville-angers, not a new "ville-dangers";
    "Prévention d’actes de terrorisme" is the preset's value."""
    header, *rows = FRENCH.read_text(encoding="cp1252").splitlines()
    names = ["Ville d\u2019Angers", "VILLE D'ANGERS ", "Ville  d\u2019angers"]
    lines = [row.replace("Ville d'Angers", name) for row, name in zip([rows[0], rows[1], rows[3]], names, strict=True)]
    lines = [line.replace("d'actes", "d\u2019actes") for line in lines]  # a value of the purposes' list too
    assert "d\u2019actes" in lines[2]
    source = tmp_path / "inventaire.csv"
    source.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    assert main(["import", str(source), "--preset", "fr-videoprotection", "--into", str(register)]) == 0
    assert "organisations added" not in capsys.readouterr().err
    sensors = _sensors(register)
    assert [sensors[f"VP-049-00{n}"]["accountable"] for n in (1, 2, 3)] == [["ville-angers"]] * 3


def test_export_register_writes_the_format_its_out_file_says(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    register = tmp_path / "sensors.yaml"
    shutil.copy(SHIPPED, register)
    workbook = tmp_path / "registre.xlsx"
    assert main(["export", "register", str(register), "--out", str(workbook)]) == 0
    rows = list(openpyxl.load_workbook(workbook, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("id", "name_fr")
    table = tmp_path / "registre.csv"
    assert main(["export", "register", str(register), "--out", str(table)]) == 0
    assert table.read_bytes().startswith(b"\xef\xbb\xbfid,name_fr,")  # Excel reads "Qualité" as written
    assert main(["export", "register", str(register), "--format", "csv", "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "--format csv but --out" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()
    for exported in (workbook, table):
        assert main(["import", str(exported), "--preset", "dtpr", "--into", str(register)]) == 0


def test_sheet_is_found_whatever_its_case_and_a_csv_is_one_sheet(tmp_path: Path, mapping: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    workbook.active.title = "Capteurs"
    workbook.active.append(HEADER)
    workbook.active.append(ROWS[0])
    workbook.create_sheet("Notes")
    source = tmp_path / "capteurs.xlsx"
    workbook.save(source)
    register = tmp_path / "sensors.yaml"
    assert _import(source, mapping, register, "--sheet", "capteurs") == 0
    assert list(_sensors(register)) == ["ANG-AIR-12"]
    table = _write_csv(tmp_path / "capteurs.csv", [HEADER, *ROWS])
    assert _import(table, mapping, register, "--sheet", "Feuil1") == 2
    assert "capteurs.csv: no sheet named 'Feuil1': a CSV file is one sheet, 'capteurs'" in capsys.readouterr().err


def test_sheet_keeps_the_sheet_of_organisation_details_of_the_amsterdam_workbook(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """``--sheet Sensorregistratie`` still reads "Uw gegevens", the organisation accountable for every sensor."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in ("Uw gegevens", "Sensorregistratie", "Themas"):
        sheet = workbook.create_sheet(name)
        source = AMSTERDAM / "bulk" / f"{name}.csv"
        if source.exists():
            with source.open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
            for row in csv.reader(text.splitlines(), delimiter=";" if text.count(";") > text.count(",") else ","):
                sheet.append(row)
    path = tmp_path / "bulk.xlsx"
    workbook.save(path)
    whole, one = tmp_path / "whole.yaml", tmp_path / "one.yaml"
    argv = ["import", str(path), "--preset", "amsterdam-bulk", "--draft", "--into"]
    main([*argv, str(whole)])
    main([*argv, str(one), "--sheet", "sensorregistratie"])
    assert "gemeente-amsterdam" in whole.read_text(encoding="utf-8")
    assert one.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


def test_sheet_chooses_a_file_of_a_folder_with_its_sheet_of_organisation_details(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A folder is a workbook saved sheet by sheet: ``--sheet`` picks one of its files (it was ignored), the
    mapping's sheet of organisation details kept; a name none of them has is a usage error naming them."""
    folder = tmp_path / "bulk"
    shutil.copytree(AMSTERDAM / "bulk", folder)
    (folder / "Notes.csv").write_text("À vérifier\n", encoding="utf-8")
    whole, one = tmp_path / "whole.yaml", tmp_path / "one.yaml"
    argv = ["import", str(folder), "--preset", "amsterdam-bulk", "--draft", "--into"]
    assert main([*argv, str(whole)]) == 1  # drafts: some rows lack a field
    assert main([*argv, str(one), "--sheet", "SENSORREGISTRATIE"]) == 1
    assert one.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert "gemeente-amsterdam" in one.read_text(encoding="utf-8")
    assert main([*argv, str(one), "--sheet", "Feuil1"]) == 2
    assert "no sheet named 'Feuil1'; it has: Notes, Sensorregistratie, Uw gegevens" in capsys.readouterr().err


def test_export_of_a_register_that_is_not_there_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "other.yaml"
    assert main(["export", "register", str(missing)]) == 2
    assert f"dtpr export: no register at {missing} (give the path of sensors.yaml)" in capsys.readouterr().err
