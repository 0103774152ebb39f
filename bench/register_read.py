"""How much memory and time does reading a big register take, against a bare YAML load of the same file?

Writes the register ``dtpr import`` makes of a French video-protection inventory
(``bench/import.py``'s layout, each camera site its own entry) for each size, and measures,
each pass in a fresh subprocess so that its peak memory is its own:

- ``start``: the interpreter, the modules and the file's text read, nothing parsed (what
  every pass carries);
- ``parse``: ``yaml.load(text, Loader=yaml.CSafeLoader)``, plain data and nothing else;
- ``read``: :func:`dtpr_core.yaml_source.load_register_text`, every check, each problem located;
- the peak resident memory (``VmHWM``) of each process, and the read's over the parse's.

The goal (#25: validate, sync and the import read large registers): memory close to the
data's, time not above the bare load's. Each pass runs ``--rounds`` times (3), alternated;
the median is shown. Sizes over what a register may hold (64 MiB) are read with the limit
lifted. Usage: ``python bench/register_read.py [--sizes 10000,80000] [--rounds 3]``.
The last line is ``RESULT read_10k_s=<s> ceiling=<parse s> ratio=<r> peak_mb_10k=<MB> ...``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import tempfile
import time
from pathlib import Path

import yaml

_spec = importlib.util.spec_from_file_location("import_bench", Path(__file__).with_name("import.py"))
assert _spec is not None and _spec.loader is not None
_import_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_import_bench)


def write_register(folder: Path, count: int) -> Path:
    """The register ``dtpr import`` writes of a *count*-row inventory (the size limit lifted)."""
    from dtpr_core import yaml_source

    csv_path = folder / f"inventaire-{count}.csv"
    with csv_path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([_import_bench.HEADER, *_import_bench.rows(count)])
    yaml_source.MAX_BYTES = 1 << 40  # type: ignore[misc]  # the import checks its result against it
    _import_bench.full_import(csv_path)
    return csv_path.with_suffix(".sensors.yaml")


def child(kind: str, path: Path) -> None:
    from dtpr_core import yaml_source

    yaml_source.MAX_BYTES = 1 << 40  # type: ignore[misc]
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    if kind == "parse":
        count = len(yaml.load(text, Loader=yaml.CSafeLoader)["sensors"])
    elif kind == "read":
        result = yaml_source.load_register_text(text)
        if not result.ok or result.register is None:
            raise SystemExit(f"the register is refused: {result.problems[:3]}")
        count = len(result.register.sensors)
    else:
        count = 0
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "count": count, "peak_mb": _import_bench._peak_kb() / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,80000")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each pass, alternated; the median is shown")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    fields = []
    with tempfile.TemporaryDirectory(prefix="dtpr-bench-register-") as folder:
        for count in (int(size) for size in args.sizes.split(",")):
            path = write_register(Path(folder), count)
            found = _import_bench.rounds_of(["start", "parse", "read"], path, args.rounds, __file__)
            start, parse, read = found["start"], found["parse"], found["read"]
            ratio = read["seconds"] / parse["seconds"]
            print(
                f"{count:>7} sensors ({path.stat().st_size / 2**20:.1f} MiB): read {read['seconds']:6.2f} s"
                f" ({read['peak_mb']:.0f} MB peak)  bare load {parse['seconds']:6.2f} s ({parse['peak_mb']:.0f} MB)"
                f"  ratio {ratio:.2f}  memory {read['peak_mb'] / parse['peak_mb']:.2f} x the load's"
                f"  (start {start['peak_mb']:.0f} MB)",
                flush=True,
            )
            label = f"{count // 1000}k"
            fields += [f"read_{label}_s={read['seconds']:.2f}", f"ceiling_{label}_s={parse['seconds']:.2f}"]
            fields += [f"ratio_{label}={ratio:.2f}", f"peak_mb_{label}={read['peak_mb']:.0f}"]
            fields += [f"parse_peak_mb_{label}={parse['peak_mb']:.0f}", f"start_mb_{label}={start['peak_mb']:.0f}"]
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
