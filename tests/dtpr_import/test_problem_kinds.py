"""Each problem's kind is the one chosen where it is made, on both paths; the command's text is unchanged.

Real imports of small tables (the ``fr-videoprotection`` layout, a few columns added)
through :func:`import_sheets`, with the fast path (``alike=True``) and row by row.
"""

from __future__ import annotations

import pytest

from dtpr_core.yaml_source import load_register_text
from dtpr_import import ImportOptions, ImportReport, ProblemKind, SkipReason, import_sheets, load_mapping_text
from dtpr_import.mapping import ImportMapping, MappingError
from dtpr_import.tables import BLOCK_ROWS, sheet_of_rows
from tests.dtpr_import.conftest import SHIPPED

REGISTER = SHIPPED.read_text(encoding="utf-8")
PRESET = (SHIPPED.parent / "dtpr_import" / "presets" / "fr-videoprotection.yaml").read_text(encoding="utf-8")
EXTRA = """
  - {to: automated_decisions, column: Décision automatisée}
  - {to: role, column: Rôle}
  - {to: kept.counts, column: Comptages (jours), kind: days}
"""
MAPPING = load_mapping_text(PRESET + EXTRA)
HEADER = [
    "Référence", "Commune", "Adresse", "X (Lambert 93)", "Y (Lambert 93)", "Numéro de l'arrêté préfectoral",
    "Date de l'arrêté", "Nombre de caméras", "Finalités", "Durée de conservation (jours)", "Mise en service",
    "Responsable", "Courriel du DPO", "Décision automatisée", "Rôle", "Comptages (jours)",
]  # fmt: skip
PATHS = pytest.mark.parametrize("alike", [True, False], ids=["fast path", "row by row"])


def _row(reference: str, **cells: str) -> list[str]:
    """A valid camera site, but for *cells* (by column, spaces for underscores in the name)."""
    row = dict(zip(HEADER, [
        reference, "Angers", f"{reference} place du Ralliement", "432387,1", "6714161,7", "2023-VP-0142",
        "14/03/2023", "4", "Régulation des flux de transport", "15", "02/05/2023", "Ville d'Angers", "", "", "", "",
    ], strict=True))  # fmt: skip
    row.update({name.replace("_", " "): value for name, value in cells.items()})
    return [row[column] for column in HEADER]


def _import(rows: list[list[str]], alike: bool, mapping: ImportMapping = MAPPING, before: str = REGISTER):
    sheet = sheet_of_rows("inventaire.csv", "Inventaire", [HEADER, *rows])
    return import_sheets([sheet], mapping, before, ImportOptions(alike=alike))


def _kinds(report: ImportReport) -> dict[int, list[ProblemKind]]:
    kinds: dict[int, list[ProblemKind]] = {}
    for problem in report.problems:
        kinds.setdefault(problem.row, []).append(problem.kind)
    return kinds


CASES: list[tuple[dict[str, str], ProblemKind, str]] = [
    ({"Finalités": "Surveillance générale"}, ProblemKind.NOT_LISTED, "not a known value for datachain.purpose"),
    ({"Mise en service": "31/02/2024"}, ProblemKind.NOT_DATE, "expected a date written"),
    ({"X (Lambert 93)": "abc"}, ProblemKind.NOT_NUMBER, "expected a number"),
    ({"Durée de conservation (jours)": "longtemps"}, ProblemKind.NOT_DURATION, "expected a duration such as"),
    ({"Comptages (jours)": "2 semaines"}, ProblemKind.NOT_DAYS, "expected a number of days"),
    ({"Décision automatisée": "peut-être"}, ProblemKind.NOT_YES_NO, "expected true or false"),
    ({"Rôle": "chef"}, ProblemKind.NOT_A_ROLE, "not a role"),
    ({"Rôle": ";processor"}, ProblemKind.NO_ORGANISATION, "no accountable organisation number 2"),
    ({"Adresse": "rue " + "très longue " * 30}, ProblemKind.TOO_LONG, "is too long"),
    ({"Responsable": "Ville de Trélazé"}, ProblemKind.NO_DPO_CONTACT, "people need the data-protection officer's"),
    ({"Adresse": ""}, ProblemKind.REGISTER_RULE, "sensor is missing the required key 'name'"),
]


@PATHS
def test_each_value_problem_has_the_kind_it_was_made_with(alike: bool) -> None:
    rows = [_row(f"VP-{n:03d}") for n in range(1, 4)]
    for index, (cells, _, _) in enumerate(CASES):
        rows.append(_row(f"VP-1{index:02d}", **cells))
    report = _import(rows, alike)
    assert report.imported == ["VP-001", "VP-002", "VP-003"]
    kinds = _kinds(report)
    for index, (_, kind, said) in enumerate(CASES):
        row = 5 + index  # the header is row 1, three good rows follow
        assert set(kinds[row]) == {kind}, (row, kind)
        assert any(said in p.message for p in report.problems if p.row == row), said


@PATHS
def test_ids_duplicates_and_the_register_have_their_kinds(alike: bool) -> None:
    empty_id = _row("", Adresse="sans référence")
    rows = [_row("VP-001"), _row("VP-002"), _row("VP-001"), empty_id, _row("ANG-AQ-0001"), ["", "", ""] + [""] * 13]
    rows.append(_row("VP-003"))
    report = _import(rows, alike)
    assert _kinds(report) == {4: [ProblemKind.DUPLICATE], 5: [ProblemKind.ID_EMPTY], 6: [ProblemKind.IN_REGISTER]}
    lines = [p.format() for p in report.problems]
    assert (
        lines[0]
        == "inventaire.csv:Inventaire:4:Référence: duplicate id 'VP-001' in the file (first at Inventaire row 2)"
    )
    assert lines[2].startswith("inventaire.csv:Inventaire:6:Référence: 'ANG-AQ-0001' is already in sensors.yaml")
    assert report.skipped == {SkipReason.EMPTY_ROWS: 1}
    assert report.summary().endswith("skipped: 1 empty row(s)")  # the command's words


def test_an_id_template_that_cannot_be_filled_in_is_a_mapping_error() -> None:
    """A format a cell (text) cannot take is said once, when the mapping is read, not on every row."""
    with pytest.raises(MappingError, match=r"^id: template '\{Référence:05d\}': .*Unknown format code 'd'"):
        load_mapping_text(PRESET.replace('id: "{Référence}"', 'id: "{Référence:05d}"'))


@PATHS
def test_coordinates_off_the_earth_are_not_a_place(alike: bool) -> None:
    mapping = load_mapping_text(PRESET.replace('crs: "EPSG:2154"', 'crs: "EPSG:4326"'))
    rows = [_row("VP-001", **{"X (Lambert 93)": "-0,55", "Y (Lambert 93)": "47,47"})]
    rows.append(_row("VP-002", **{"X (Lambert 93)": "432387,1", "Y (Lambert 93)": "6714161,7"}))
    report = _import(rows, alike, mapping)
    assert report.imported == ["VP-001"]
    assert [(p.row, p.kind, p.column) for p in report.problems] == [(3, ProblemKind.NOT_PLACE, "X (Lambert 93)")]
    assert report.problems[0].message == "(432387,1, 6714161,7) is not a place in EPSG:4326"


@PATHS
def test_lambert_93_outside_france_is_refused_with_the_likely_mistake(alike: bool) -> None:
    """Swapped X and Y, or a digit missing, land "on Earth" (East Africa, the Gulf of Guinea) but outside the
    area Lambert-93 is made for: refused, not written as a camera in the sea."""
    swapped = {"X (Lambert 93)": "6714161,7", "Y (Lambert 93)": "432387,1"}
    short = {"X (Lambert 93)": "432387,1", "Y (Lambert 93)": "671416,7"}
    rows = [_row(f"VP-{n:03d}") for n in range(1, BLOCK_ROWS + 3)]
    rows[5], rows[BLOCK_ROWS + 1] = _row("VP-006", **swapped), _row(f"VP-{BLOCK_ROWS + 2:03d}", **short)
    report = _import(rows, alike)
    assert len(report.imported) == BLOCK_ROWS
    assert [(p.row, p.kind, p.column) for p in report.problems] == [
        (7, ProblemKind.NOT_PLACE, "X (Lambert 93)"),
        (BLOCK_ROWS + 3, ProblemKind.NOT_PLACE, "X (Lambert 93)"),
    ]
    assert report.problems[0].message == (
        "(6714161,7, 432387,1) is outside the area EPSG:2154 is made for (France - onshore and offshore, mainland "
        "and Corsica (France métropolitaine including Corsica)); are the X and Y columns swapped, or a digit missing?"
    )


def test_rows_refused_like_their_shape_keep_its_kind() -> None:
    """The fast path refuses the rows of a refused shape from its first row's problems, kinds included."""
    rows = [_row(f"VP-{n:04d}", Responsable="Ville de Trélazé") for n in range(1, BLOCK_ROWS + 40)]
    fast, exact = (_import(rows, alike) for alike in (True, False))
    assert fast.problems == exact.problems
    assert len(fast.problems) == len(rows)
    assert {p.kind for p in fast.problems} == {ProblemKind.NO_DPO_CONTACT}
    repeated = fast.repeated_problems()
    assert len(repeated) == 1 and repeated[0].problem.kind is ProblemKind.NO_DPO_CONTACT
    assert fast.repeated()[0].startswith(f"{len(rows)} rows (2–{len(rows) + 1}): Responsable: accountable[0]: ")


def test_a_sensor_imported_again_is_left_aside_as_unchanged() -> None:
    first = _import([_row("VP-001"), _row("VP-002")], alike=True)
    again = _import([_row("VP-001"), _row("VP-002")], alike=True, before=first.after)
    assert again.skipped == {SkipReason.UNCHANGED: 2}
    assert [reason.key for reason in again.skipped] == ["unchanged"]
    assert "skipped: 2 unchanged (already in the register)" in again.summary()


@PATHS
def test_the_dpo_contact_a_row_gives_completes_the_register_organisation(alike: bool) -> None:
    """The register's « Ville d'Avrillé » has no DPO contact: a row refused for it before one gives it is refused;
    once a row gives it, it is the organisation's (written in the register), and the rows after it pass, on both
    paths (the fast path forgets the refusals made before)."""
    avrille = {"Responsable": "Ville d'Avrillé", "Commune": "Avrillé"}
    rows = [_row(f"VP-{n:03d}", **avrille) for n in range(1, BLOCK_ROWS + 40)]
    rows[10] = _row("VP-011", **avrille, **{"Courriel du DPO": "dpo@ville-avrille.fr"})
    rows[11] = _row("VP-012", **avrille, **{"Courriel du DPO": "autre@ville-avrille.fr"})  # the first one stays
    report = _import(rows, alike)
    refused = sorted({p.row for p in report.problems})
    assert refused == list(range(2, 12))  # rows 2 to 11 hold VP-001 to VP-010
    assert {p.kind for p in report.problems} == {ProblemKind.NO_DPO_CONTACT}
    assert len(report.imported) == len(rows) - 10
    assert report.organisations_completed == ["avrille"]
    after = report.after
    assert after.count("dpo@ville-avrille.fr") == 1 and "autre@ville-avrille.fr" not in after
    register = load_register_text(after).register
    assert register is not None and register.organisations["avrille"].data_protection is not None
