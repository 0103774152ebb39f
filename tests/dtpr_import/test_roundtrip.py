"""``dtpr export register`` then ``dtpr import --preset dtpr``: the same sensors; --update keeps the layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dtpr_core.yaml_source import load_register_text
from dtpr_import import write_csv, write_xlsx
from tests.dtpr_import.conftest import run_import


@pytest.fixture
def shipped_register(shipped_text: str):  # type: ignore[no-untyped-def]
    result = load_register_text(shipped_text)
    assert result.ok and result.register is not None
    return result.register


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_sensors(tmp_path: Path, shipped_text: str, shipped_register, kind) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"register.{kind}"
    if kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            assert write_csv(shipped_register, handle) == len(shipped_register.sensors)
    else:
        assert write_xlsx(shipped_register, str(path)) == len(shipped_register.sensors)
    report = run_import(path, "dtpr", shipped_text)
    assert report.complete and not report.changed
    assert report.skipped["unchanged (already in the register)"] == len(shipped_register.sensors) == 23


def _exported(register) -> list[list[str]]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    write_csv(register, out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_update_replaces_only_what_changed_and_keeps_comments(
    tmp_path: Path, shipped_text: str, shipped_register
) -> None:  # type: ignore[no-untyped-def]
    rows = _exported(shipped_register)
    header = rows[0]
    rows[1][header.index("zone")] = "Monplaisir-Sud"
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    refused = run_import(path, "dtpr", shipped_text)
    assert [p.format() for p in refused.problems] == [
        "edited.csv:edited:2:id: 'ANG-AQ-0001' is already in sensors.yaml and differs; "
        "use --update to replace its mapped fields"
    ]
    updated = run_import(path, "dtpr", shipped_text, update=True)
    assert updated.updated == ["ANG-AQ-0001"]
    diff = [line for line in updated.diff().splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == [
        "-    location: {lat: 47.4852, lon: -0.5310, address: Place de la Fraternité, commune: Angers, zone: Monplaisir}",
        "+    location: {lat: 47.4852, lon: -0.5310, address: Place de la Fraternité, commune: Angers, zone: Monplaisir-Sud}",
    ]
    assert load_register_text(updated.after).ok


def test_a_role_given_for_one_sensor_survives_an_update(tmp_path: Path, shipped_text: str, shipped_register) -> None:  # type: ignore[no-untyped-def]
    rows = _exported(shipped_register)
    header = rows[0]
    foch = next(row for row in rows if row[0] == "ANG-AQ-0002")
    foch[header.index("mounting")] = "Armoire au sol."
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = run_import(path, "dtpr", shipped_text, update=True)
    assert report.updated == ["ANG-AQ-0002"]
    assert "{organisation: air-pdl, role: processor}" in report.after


TABLE_FIELDS = (
    "name",
    "description",
    "purpose",
    "location",
    "mounting",
    "status",
    "installed_on",
    "retired_on",
    "legal_basis",
    "legal_grounds",
    "recipients",
    "recipient_codes",
    "automated_decisions",
    "video_protection_authorisation",
    "kept",
    "datachain",
)
"""Every field of a sensor the ``dtpr`` table holds (and ``accountable``, with the roles, below)."""


def _without_sensors(text: str) -> str:
    """The register's organisations, no sensor: an import from the table alone."""
    head, _, _ = text.partition("\nsensors:")
    return head + "\nsensors: []\n"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_table_alone_gives_back_every_field_it_holds(
    tmp_path: Path, shipped_text: str, shipped_register, kind
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"register.{kind}"
    if kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(shipped_register, handle)
    else:
        write_xlsx(shipped_register, str(path))
    report = run_import(path, "dtpr", _without_sensors(shipped_text))
    assert [p.format() for p in report.problems] == []
    result = load_register_text(report.after)
    assert result.ok and result.register is not None
    imported = {sensor.id: sensor for sensor in result.register.sensors}
    assert list(imported) == [sensor.id for sensor in shipped_register.sensors]
    for sensor in shipped_register.sensors:
        again = imported[sensor.id]
        for name in TABLE_FIELDS:
            assert getattr(again, name) == getattr(sensor, name), (sensor.id, name)
        assert again.accountable == sensor.accountable, sensor.id  # a role given for this sensor included
    assert any(sensor.kept for sensor in shipped_register.sensors)  # the new fields are there to compare
    assert any(org.role_code == "processor" for sensor in shipped_register.sensors for org in sensor.accountable)
    assert any(sensor.legal_grounds for sensor in shipped_register.sensors)
    assert any(sensor.recipients and not all(sensor.recipient_codes) for sensor in shipped_register.sensors)


def test_a_role_names_a_code_and_an_accountable_organisation(
    tmp_path: Path, shipped_text: str, shipped_register
) -> None:  # type: ignore[no-untyped-def]
    rows = _exported(shipped_register)
    header = rows[0]
    foch = next(row for row in rows if row[0] == "ANG-AQ-0002")
    assert (foch[header.index("accountable")], foch[header.index("role")]) == ("alm;air-pdl", ";processor")
    foch[header.index("role")] = "sous-traitant;;owner"
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = run_import(path, "dtpr", _without_sensors(shipped_text))
    assert [p.format() for p in report.problems] == [
        "edited.csv:edited:3:role: 'sous-traitant': not a role; expected one of "
        "controller, joint_controller, processor, operator, owner",
        "edited.csv:edited:3:role: 'owner': no accountable organisation number 3",
    ]
    assert "ANG-AQ-0002" not in report.imported


def test_automated_decisions_is_true_or_false(tmp_path: Path, shipped_text: str, shipped_register) -> None:  # type: ignore[no-untyped-def]
    rows = _exported(shipped_register)
    header = rows[0]
    rows[1][header.index("automated_decisions")] = "oui"
    rows[2][header.index("automated_decisions")] = "peut-être"
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = run_import(path, "dtpr", _without_sensors(shipped_text))
    assert [p.format() for p in report.problems] == [
        "edited.csv:edited:3:automated_decisions: 'peut-être': expected true or false"
    ]
    result = load_register_text(report.after)
    assert result.register is not None
    assert [s.id for s in result.register.sensors if s.automated_decisions] == [rows[1][0]]
