"""The fast path (rows declared alike, a block at a time) writes what the row-by-row import writes.

Every comparison imports the same table twice, with ``ImportOptions(alike=True)`` (the
default) and ``alike=False`` (each row through the whole conversion and check), and
requires the same register text and the same report, problems included.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtpr_core.register import OWN_FIELDS, SENSOR_KEYS
from dtpr_core.yaml_source import load_register_text
from dtpr_import import ImportOptions, ImportReport, export_rows, import_sheets, load_preset, read_tables
from dtpr_import.convert import CLEAN_IDS, clean_id
from dtpr_import.emit import coordinate_texts, id_scalars, scalar
from dtpr_import.mapping import ImportMapping, load_mapping_text
from dtpr_import.tables import BLOCK_ROWS, sheet_of_rows
from tests.dtpr_import.conftest import AMSTERDAM, FILES, ROOT, SHIPPED
from tests.dtpr_import.strategies import FRENCH, FRENCH_COLUMNS, cells

REGISTER = SHIPPED.read_text(encoding="utf-8")
SHIPPED_REGISTER = load_register_text(REGISTER).register
_EMPTY_REGISTER = REGISTER.split("\nsensors:")[0] + "\nsensors: []\n"


def _outcome(report: ImportReport) -> dict[str, object]:
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(report) if f.name not in ("merged", "before")}
    return {**fields, "after": report.after}


def _both(
    tables: list[list[list[str]]],
    preset: str = "fr-videoprotection",
    before: str = REGISTER,
    mapping: ImportMapping | None = None,
    **options: bool,
):
    mapping = mapping or load_preset(preset)
    runs = []
    for alike in (True, False):
        sheets = [sheet_of_rows("t.csv", f"t{index}", table) for index, table in enumerate(tables)]
        runs.append(_outcome(import_sheets(sheets, mapping, before, ImportOptions(alike=alike, **options))))
    return runs


def _bench_like(count: int, seed: int = 25) -> list[list[str]]:
    """Rows as a city's video-protection inventory has them (each site its address, position and order)."""
    pick = random.Random(seed)
    rows = [[
        "Référence", "Commune", "Adresse", "X (Lambert 93)", "Y (Lambert 93)", "Numéro de l'arrêté préfectoral",
        "Date de l'arrêté", "Nombre de caméras", "Finalités", "Durée de conservation (jours)", "Mise en service",
        "Responsable", "Courriel du DPO",
    ]]  # fmt: skip
    purposes = [
        "Régulation des flux de transport",
        "Prévention d'actes de terrorisme;Protection des bâtiments et installations publics",
    ]
    for n in range(1, count + 1):
        rows.append([
            f"VP-{n:05d}", pick.choice(["Angers", "Avrillé", "Trélazé"]), f"{n} rue {pick.choice(['Lionnaise', 'Foch', 'du Mail'])}",
            f"{432000 + pick.uniform(-3000, 3000):.1f}".replace(".", ","), f"{6714000 + pick.uniform(-3000, 3000):.1f}",
            f"2023-VP-{n % 40:04d}", f"{n % 28 + 1:02d}/03/2023", str(n % 8 + 1), pick.choice(purposes),
            pick.choice(["7", "15", "30 jours", "1 mois"]), pick.choice(["", f"{n % 28 + 1:02d}/05/2023"]),
            pick.choice(["Ville d'Angers", "Ville d'Angers", "Angers Loire Métropole"]), "dpo@angersloiremetropole.fr",
        ])  # fmt: skip
    return rows


def test_a_city_inventory_of_several_blocks_is_written_alike_on_both_paths() -> None:
    table = _bench_like(3 * BLOCK_ROWS + 17)
    fast, exact = _both([table])
    assert fast["imported"] and not fast["problems"]
    assert fast == exact


def test_rows_with_problems_among_plain_ones_are_refused_alike() -> None:
    table = _bench_like(2 * BLOCK_ROWS)
    table[5][0] = table[4][0]  # a duplicate id
    table[40][3] = "x"  # not a number
    table[300][2] = "rue " + "très longue " * 30  # an address too long
    table[301][10] = "31/02/2024"  # no such day
    table[302] = [""] * 13  # an empty row
    table[303][0] = " VP-padded "  # an id with spaces around
    table[304][8] = "Surveillance générale"  # not a purpose the preset knows
    fast, exact = _both([table], draft=True)
    assert len(fast["problems"]) >= 5  # type: ignore[arg-type]
    assert fast == exact


def test_rows_refused_for_what_they_share_are_refused_alike() -> None:
    table = _bench_like(2 * BLOCK_ROWS)
    for row in table[1:]:
        row[11], row[12] = "Commune de Nulle Part", ""  # a new organisation, without a DPO: every camera refused
    table[7][8] = "Surveillance générale"  # and one purpose unknown besides
    fast, exact = _both([table], before="")
    assert fast["refused"] == len(table) - 1 and not fast["imported"]
    assert fast == exact


def test_two_sheets_and_ids_already_in_the_register_alike() -> None:
    first, second = _bench_like(300, seed=1), _bench_like(300, seed=2)
    second[1:40] = first[1:40]  # the same sites again in a second sheet: duplicates across sheets
    before = import_sheets([sheet_of_rows("t.csv", "t", _bench_like(20))], FRENCH, REGISTER).after
    fast, exact = _both([first, second], before=before)
    assert fast == exact
    fast, exact = _both([first], before=before, update=True)
    assert fast == exact


@pytest.mark.parametrize(
    ("source", "preset"),
    [
        (FILES / "fr" / "inventaire-videoprotection.csv", "fr-videoprotection"),
        (AMSTERDAM / "bulk.xlsx", "amsterdam-bulk"),
        (AMSTERDAM / "iprox_five_sensors", "amsterdam-iprox"),
    ],
)
def test_the_sample_files_are_written_alike(source: Path, preset: str) -> None:
    mapping = load_preset(preset)
    runs = [
        _outcome(import_sheets(read_tables(source), mapping, REGISTER, ImportOptions(alike=alike)))
        for alike in (True, False)
    ]
    assert runs[0] == runs[1]


@st.composite
def alike_tables(draw: st.DrawFn) -> list[list[str]]:
    """A plain inventory (many rows alike) with any cells put in some places."""
    table = _bench_like(draw(st.integers(1, 2 * BLOCK_ROWS + 3)), seed=draw(st.integers(0, 9)))
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.integers(1, len(table) - 1))
        column = draw(st.integers(0, len(table[0]) - 1))
        table[row][column] = draw(cells)
    return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(alike_tables(), st.booleans())
def test_any_inventory_is_written_alike_on_both_paths(table: list[list[str]], draft: bool) -> None:
    fast, exact = _both([table], draft=draft)
    assert fast == exact


DATE, COUNT, COMMUNE, SERVICE = 6, 7, 1, 10
"""Columns of :func:`_bench_like` that the fr-videoprotection preset's templates (or :data:`OPTIONAL`'s) read
inside an optional part."""
OPTIONAL = load_mapping_text(
    (ROOT / "dtpr_import" / "presets" / "fr-videoprotection.yaml")
    .read_text(encoding="utf-8")
    .replace(
        'template: "Vidéoprotection — {Adresse}"',
        'template: "Vidéoprotection — {Adresse}[ ({Commune})][ depuis le {Mise en service}]"',
    )
    .replace(
        "{to: location.address, column: Adresse}", '{to: location.address, template: "[[{Adresse}]][, {Commune}]"}'
    )
)
"""The preset with optional parts in own texts too: the name (two parts) and the address (brackets written)."""


def test_optional_parts_with_their_cells_empty_on_some_rows_alike() -> None:
    table = _bench_like(3 * BLOCK_ROWS + 5)
    for index, row in enumerate(table[1:], start=1):
        if index % 3 == 0:
            row[DATE] = ""  # the order's number without its date
        if index % 5 == 0:
            row[COUNT] = ""
        if index % 7 == 0:
            row[COMMUNE] = ""
    fast, exact = _both([table])
    assert fast == exact and not fast["problems"]
    after = str(fast["after"])
    assert " du\n" not in after and " du 'n" not in after
    assert "video_protection_authorisation: Arrêté préfectoral n° 2023-VP-0003\n" in after  # row 4: no date
    assert "video_protection_authorisation: Arrêté préfectoral n° 2023-VP-0004 du 05/03/2023\n" in after
    assert "description: {fr: Ces caméras filment la voie publique.}" in after  # row 6: no count
    fast, exact = _both([table], mapping=OPTIONAL)
    assert fast == exact and not fast["problems"]
    after = str(fast["after"])
    assert "address: '[6 rue" in after or 'address: "[6 rue' in after  # a bracket written as itself
    assert "(Angers)" in after and "depuis le" in after and " ()" not in after


@st.composite
def tables_with_optional_cells_empty(draw: st.DrawFn) -> list[list[str]]:
    """A plain inventory with the cells read by optional parts emptied on some rows, and any cells elsewhere."""
    table = _bench_like(draw(st.integers(1, BLOCK_ROWS + 3)), seed=draw(st.integers(0, 9)))
    emptied = draw(st.sets(st.integers(1, len(table) - 1), max_size=len(table)))
    columns = draw(st.sets(st.sampled_from([DATE, COUNT, COMMUNE, SERVICE]), min_size=1))
    for row in emptied:
        for column in columns:
            table[row][column] = draw(st.sampled_from(["", " ", "\t", "x"]))
    for _ in range(draw(st.integers(0, 3))):
        table[draw(st.integers(1, len(table) - 1))][draw(st.integers(0, len(table[0]) - 1))] = draw(cells)
    return table


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tables_with_optional_cells_empty(), st.booleans(), st.booleans())
def test_any_inventory_with_optional_cells_empty_is_written_alike(
    table: list[list[str]], draft: bool, more: bool
) -> None:
    fast, exact = _both([table], mapping=OPTIONAL if more else None, draft=draft)
    assert fast == exact


def _shipped_as_table(copies: int) -> list[list[str]]:
    """The shipped register as the ``dtpr`` preset's table, each sensor *copies* times (new ids)."""
    header, *rows = [[_cell(value) for value in row] for row in export_rows(SHIPPED_REGISTER)]
    return [header, *([f"{row[0]}-{n}", *row[1:]] for n in range(copies) for row in rows)]


def _cell(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.integers(1, 14), st.lists(st.tuples(st.integers(1, 10_000), st.integers(0, 60), cells), max_size=8))
def test_the_register_as_a_table_with_any_cells_alike(copies: int, changes: list[tuple[int, int, str]]) -> None:
    table = _shipped_as_table(copies)
    for row, column, value in changes:
        table[1 + row % (len(table) - 1)][column % len(table[0])] = value
    fast, exact = _both([table], preset="dtpr", before=_EMPTY_REGISTER)
    assert fast == exact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=len(FRENCH_COLUMNS), max_size=len(FRENCH_COLUMNS) + 1), max_size=6))
def test_any_cells_under_the_french_header_alike(rows: list[list[str]]) -> None:
    fast, exact = _both([[list(FRENCH_COLUMNS), *rows]])
    assert fast == exact


@given(st.text(alphabet="abcXYZ019_- .é", max_size=70))
def test_an_id_the_block_check_lets_through_is_one_clean_id_leaves_as_it_is(raw: str) -> None:
    if CLEAN_IDS.fullmatch(raw + "\n"):
        assert clean_id(raw) == raw and raw[0].isalnum()


@given(st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True) | st.sampled_from(
    ["123", "1e3", "0x1F", "2024-01-01", "yes", "No", "null", "on", "OFF", "y", "n", "1_000", "12-3", "0o7"]
), min_size=1, max_size=5))  # fmt: skip
def test_ids_are_written_as_scalar_writes_them(ids: list[str]) -> None:
    assert list(id_scalars(ids)) == [scalar(sensor_id) for sensor_id in ids]


@given(st.lists(st.floats(min_value=-180, max_value=180), min_size=1, max_size=5))
def test_a_coordinate_reads_back_as_its_value_rounded_to_six_decimals(values: list[float]) -> None:
    for value, text in zip(values, coordinate_texts(values), strict=True):
        assert float(text) == round(value, 6) or abs(float(text) - value) <= 5e-7
        assert "e" not in text and not text.endswith("0") or text.endswith(".0")


def test_each_group_of_own_fields_follows_each_other_in_the_register_order() -> None:
    for group in OWN_FIELDS:
        at = SENSOR_KEYS.index(group[0])
        assert SENSOR_KEYS[at : at + len(group)] == group


def test_a_long_import_says_how_far_it_is_after_each_block() -> None:
    table = _bench_like(2 * BLOCK_ROWS + 10)
    said: list[tuple[str, int]] = []
    import_sheets(
        [sheet_of_rows("t.csv", "t", table)], FRENCH, REGISTER, ImportOptions(progress=lambda *at: said.append(at))
    )
    assert said == [("t", BLOCK_ROWS), ("t", 2 * BLOCK_ROWS), ("t", len(table))]
