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
- the ratios (import / read, import / io), and the peak resident memory (``VmHWM``).

Each row is a camera site of its own (its address, position and order reference), as in
a real inventory: nothing an import could remember from one row to the next but what
sites share (the commune, the purposes, the retention, the organisation).

The goal (issue #25): 100,000 rows imported in at most 3x the bare read, memory flat in
the number of rows (compare the 10,000- and 100,000-row peaks).
Usage: ``python bench/import.py [--rows 100000] [--small 10000]``. The last line is
``RESULT ... ratio_csv_100k=<r> io_ratio_csv_100k=<r> ...``.
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


def child(kind: str, path: Path) -> None:
    import dtpr_import  # noqa: F401 - loading the modules is the process's start, not the import's work (as openpyxl's)

    result = path.with_suffix(".sensors.yaml").read_text(encoding="utf-8") if kind == "io" else ""
    start = time.perf_counter()
    if kind == "read":
        count = bare_read(path)
    elif kind == "io":
        count = read_and_write(path, result)
    else:
        count = full_import(path)
    seconds = time.perf_counter() - start
    peak_mb = _peak_kb() / 1024
    print(json.dumps({"seconds": seconds, "count": count, "peak_mb": peak_mb}))


def measure(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
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
                read, imported, io = measure("read", path), measure("import", path), measure("io", path)
                ratio, io_ratio = imported["seconds"] / read["seconds"], imported["seconds"] / io["seconds"]
                print(
                    f"{kind:4} {count:>7} rows: import {imported['seconds']:6.2f} s ({imported['peak_mb']:.0f} MB peak)"
                    f"  bare read {read['seconds']:6.2f} s ({read['peak_mb']:.0f} MB)  ratio {ratio:.2f}"
                    f"  read + write the result {io['seconds']:6.2f} s  ratio {io_ratio:.2f}",
                    flush=True,
                )
                label = f"{kind}_{count // 1000}k"
                fields += [f"import_{label}_s={imported['seconds']:.2f}", f"ceiling_{label}_s={read['seconds']:.2f}"]
                fields += [f"ratio_{label}={ratio:.2f}", f"io_ratio_{label}={io_ratio:.2f}"]
                fields += [f"peak_mb_{label}={imported['peak_mb']:.0f}"]
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
