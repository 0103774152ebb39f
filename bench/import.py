"""How long does ``dtpr import`` take on a big spreadsheet, against a bare read of the same file?

Generates a French video-protection inventory (the ``fr-videoprotection`` preset's layout:
Lambert-93 coordinates, dd/mm/yyyy dates, purposes to map, an organisation matched by
name) of N rows, as CSV (";", Windows-1252) and as XLSX, and measures, each pass in a
fresh subprocess so that its peak memory is its own:

- ``read``: a bare ``csv.reader`` pass (CSV) or an ``openpyxl`` read-only pass (XLSX)
  over every cell of the same file, the ceiling;
- ``import``: the whole import into a small register and the merged ``sensors.yaml``
  written (``dtpr import FILE --preset fr-videoprotection --into sensors.yaml``, in-process;
  loading the modules is left out, as loading openpyxl is from the bare read);
- ``io``: the bare read, then writing the import's own result (the same bytes) to a file:
  what any import of this file into this register must at least do;
- ``hand`` (CSV): a hand-written import of this one layout and nothing else, in plain Python
  and pyproj as the import uses them: the bare read, each row's own fields (id, name,
  description, position, address, dates, order) made by code that knows the columns, the
  shared lines of each kind of row looked up (taken from the import's result before the
  clock starts), the same bytes written and checked equal to the import's: the fastest an
  import of this file into this register can be in Python, with no mapping to follow and no
  check to make;
- the ratios (import / read, import / io, import / hand), and the peak resident memory (``VmHWM``).

Each row is a camera site of its own (its address, position and order reference), as in
a real inventory: nothing an import could remember from one row to the next but what
sites share (the commune, the purposes, the retention, the organisation).

The goal (issue #25): 100,000 rows imported in at most 3x the bare read, memory flat in
the number of rows (compare the 10,000- and 100,000-row peaks).
Each pass runs ``--rounds`` times (3), alternated with the others; the median is shown.
Usage: ``python bench/import.py [--rows 100000] [--small 10000] [--rounds 3]``. The last line is
``RESULT ... ratio_csv_100k=<r> io_ratio_csv_100k=<r> hand_ratio_csv_100k=<r> ...``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

REGISTER = """\
version: 1
organisations:
  ville-angers:
    name: {fr: Ville d'Angers, en: City of Angers}
    kind: institution
    data_protection: {email: dpo@ville.angers.fr}
sensors: []
"""
HEADER = [
    "Référence", "Commune", "Adresse", "X (Lambert 93)", "Y (Lambert 93)", "Numéro de l'arrêté préfectoral",
    "Date de l'arrêté", "Nombre de caméras", "Finalités", "Durée de conservation (jours)", "Mise en service",
    "Responsable", "Courriel du DPO",
]  # fmt: skip
STREETS = [
    "Place du Ralliement",
    "Boulevard Foch",
    "Rue Plantagenêt",
    "Avenue Montaigne",
    "Quai Ligny",
    "Rue Lionnaise",
]
PURPOSES = [
    "Régulation des flux de transport",
    "Prévention des atteintes à la sécurité des personnes et des biens",
    "Protection des bâtiments et installations publics;Prévention d'actes de terrorisme",
]


def rows(count: int) -> list[list[str]]:
    pick = random.Random(25)
    out = []
    for n in range(1, count + 1):
        x, y = 432000 + pick.uniform(-3000, 3000), 6714000 + pick.uniform(-3000, 3000)
        out.append([
            f"VP-{n:06d}", "Angers", f"{pick.choice(STREETS)}, n° {n}", f"{x:.1f}".replace(".", ","),
            f"{y:.1f}", f"2023-VP-{n % 900:04d}", f"{n % 28 + 1:02d}/03/2023", str(n % 8 + 1),
            pick.choice(PURPOSES), str(pick.choice([7, 15, 30])), f"{n % 28 + 1:02d}/05/2023", "Ville d'Angers", "",
        ])  # fmt: skip
    return out


def write_files(folder: Path, count: int) -> tuple[Path, Path]:
    table = [HEADER, *rows(count)]
    csv_path = folder / f"inventaire-{count}.csv"
    with csv_path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    xlsx_path = folder / f"inventaire-{count}.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Inventaire")
    for row in table:
        sheet.append(row)
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def bare_read(path: Path) -> int:
    cells = 0
    if path.suffix == ".csv":
        with path.open(encoding="cp1252", newline="") as handle:
            for row in csv.reader(handle, delimiter=";"):
                cells += len(row)
        return cells
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    return cells


def full_import(path: Path) -> int:
    from dtpr_import import ImportOptions, import_sheets, load_preset, read_tables

    out = path.with_suffix(".sensors.yaml")
    report = import_sheets(read_tables(path), load_preset("fr-videoprotection"), REGISTER, ImportOptions())
    with out.open("w", encoding="utf-8") as handle:
        report.write_after(handle)
    assert report.complete, report.problems[:3]
    return len(report.imported)


def _peak_kb() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def read_and_write(path: Path, text: str) -> int:
    """The bare read, then the import's result written to a file: the least an import does."""
    cells = bare_read(path)
    with path.with_suffix(".written.yaml").open("w", encoding="utf-8") as handle:
        handle.write(text)
    return cells


OWN_LINES = ("  - id:", "    name:", "    description:", "    location:", "    installed_on:", "    video_protection_")
"""The lines of an entry the hand-written import makes from the row (the others are its kind's)."""
COLUMN = {name: index for index, name in enumerate(HEADER)}


def kinds_of(path: Path, result: str) -> tuple[str, dict[tuple[str, ...], str]]:
    """The result's head, and each kind of row's entry as a ``%`` format of its own lines (before the clock)."""
    head, _, body = result.partition("\n  - id: ")
    entries = ("  - id: " + body).split("\n\n")
    formats: dict[tuple[str, ...], str] = {}
    with path.open(encoding="cp1252", newline="") as handle:
        table = csv.reader(handle, delimiter=";")
        next(table)
        for row, entry in zip(table, entries, strict=True):
            key = (row[COLUMN["Finalités"]], row[COLUMN["Durée de conservation (jours)"]], row[COLUMN["Responsable"]])
            if key not in formats:
                lines = entry.rstrip("\n").split("\n")
                formats[key] = "".join(
                    "%s" if line.startswith(OWN_LINES) else line.replace("%", "%%") + "\n" for line in lines
                )
    return head + "\n", formats


def _quoted(texts: list[str]) -> list[str]:
    """Texts as YAML double-quoted scalars, as the import writes them (JSON strings), in one call."""
    return ['"' + part + '"' for part in json.dumps(texts, ensure_ascii=False)[2:-2].split('", "')]


def _coordinates(values: list[float]) -> list[str]:
    return [text.rstrip("0") for text in map("%.6f".__mod__, values)]


def hand_import(path: Path, head: str, formats: dict[tuple[str, ...], str]) -> int:
    """The hand-written import of this layout (see the module's documentation); the count of rows."""
    from pyproj import Transformer

    lambert = Transformer.from_crs(2154, 4326, always_xy=True)
    c = COLUMN
    count = 0
    out = path.with_suffix(".hand.yaml")
    with path.open(encoding="cp1252", newline="") as handle, out.open("w", encoding="utf-8") as written:
        written.write(head)
        table = csv.reader(handle, delimiter=";")
        next(table)
        while block := [row for _, row in zip(range(256), table, strict=False)]:
            cols = list(zip(*block, strict=True))
            xs = list(map(float, "\n".join(cols[c["X (Lambert 93)"]]).replace(",", ".").split("\n")))
            ys = list(map(float, "\n".join(cols[c["Y (Lambert 93)"]]).replace(",", ".").split("\n")))
            lons, lats = lambert.transform(xs, ys)
            addresses = cols[c["Adresse"]]
            names = _quoted(["Vidéoprotection — " + address for address in addresses])
            kinds = zip(
                cols[c["Finalités"]], cols[c["Durée de conservation (jours)"]], cols[c["Responsable"]], strict=True
            )
            entries = [
                kind_format % (
                    f"  - id: {sensor_id}\n",
                    f"    name: {{fr: {name}}}\n",
                    f'    description: {{fr: "Ces caméras filment la voie publique (nombre de caméras\u00a0: {cameras})."}}\n',
                    f"    location: {{lat: {lat}, lon: {lon}, address: {address}, commune: {commune}}}\n",
                    f"    installed_on: {since[6:10]}-{since[3:5]}-{since[0:2]}\n",
                    f"    video_protection_authorisation: Arrêté préfectoral n° {order} du {day}\n",
                )
                for kind_format, sensor_id, name, cameras, lat, lon, address, commune, since, order, day in zip(
                    map(formats.__getitem__, kinds), cols[c["Référence"]], names, cols[c["Nombre de caméras"]],
                    _coordinates(lats), _coordinates(lons), _quoted(list(addresses)), cols[c["Commune"]],
                    cols[c["Mise en service"]], cols[c["Numéro de l'arrêté préfectoral"]], cols[c["Date de l'arrêté"]],
                    strict=True,
                )
            ]  # fmt: skip
            written.write(("\n" if count else "") + "\n".join(entries))
            count += len(entries)
    return count


def child(kind: str, path: Path) -> None:
    import dtpr_import  # noqa: F401 - loading the modules is the process's start, not the import's work (as openpyxl's)

    result = path.with_suffix(".sensors.yaml").read_text(encoding="utf-8") if kind in ("io", "hand") else ""
    head, formats = kinds_of(path, result) if kind == "hand" else ("", {})
    start = time.perf_counter()
    if kind == "read":
        count = bare_read(path)
    elif kind == "io":
        count = read_and_write(path, result)
    elif kind == "hand":
        count = hand_import(path, head, formats)
    else:
        count = full_import(path)
    seconds = time.perf_counter() - start
    if kind == "hand" and path.with_suffix(".hand.yaml").read_text(encoding="utf-8") != result:
        raise SystemExit("the hand-written import did not write the import's result: its figure would compare nothing")
    peak_mb = _peak_kb() / 1024
    print(json.dumps({"seconds": seconds, "count": count, "peak_mb": peak_mb}))


def measure(kind: str, path: Path, script: str = __file__) -> dict[str, float]:
    """One pass of *script* (this bench, or another built on it) in a process of its own."""
    done = subprocess.run(
        [sys.executable, script, "--child", kind, str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr or done.stdout)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def rounds_of(kinds: list[str], path: Path, rounds: int, script: str = __file__) -> dict[str, dict[str, float]]:
    """Each pass *rounds* times, alternated (a burst of other work hits them alike); the median round's of each."""
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(rounds):
        for kind in kinds:
            runs[kind].append(measure(kind, path, script))
    return {kind: sorted(found, key=lambda run: run["seconds"])[len(found) // 2] for kind, found in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each pass, alternated; the median is shown")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    fields = []
    with tempfile.TemporaryDirectory(prefix="dtpr-bench-import-") as folder:
        for count in (args.small, args.rows):
            for path in write_files(Path(folder), count):
                kind = path.suffix[1:]
                measure("import", path)  # the import's result, read by the io and hand passes
                passes = ["read", "import", "io", *(["hand"] if kind == "csv" else [])]
                found = rounds_of(passes, path, args.rounds)
                read, imported, io = found["read"], found["import"], found["io"]
                ratio, io_ratio = imported["seconds"] / read["seconds"], imported["seconds"] / io["seconds"]
                line = (
                    f"{kind:4} {count:>7} rows: import {imported['seconds']:6.2f} s ({imported['peak_mb']:.0f} MB peak)"
                    f"  bare read {read['seconds']:6.2f} s ({read['peak_mb']:.0f} MB)  ratio {ratio:.2f}"
                    f"  read + write the result {io['seconds']:6.2f} s  ratio {io_ratio:.2f}"
                )
                label = f"{kind}_{count // 1000}k"
                fields += [f"import_{label}_s={imported['seconds']:.2f}", f"ceiling_{label}_s={read['seconds']:.2f}"]
                fields += [f"ratio_{label}={ratio:.2f}", f"io_ratio_{label}={io_ratio:.2f}"]
                if "hand" in found:
                    hand = found["hand"]["seconds"]
                    line += f"  hand-written {hand:6.2f} s ({hand / read['seconds']:.2f} x the read)  ratio {imported['seconds'] / hand:.2f}"
                    fields += [f"hand_{label}_s={hand:.2f}", f"hand_ratio_{label}={imported['seconds'] / hand:.2f}"]
                print(line, flush=True)
                fields += [f"peak_mb_{label}={imported['peak_mb']:.0f}"]
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
