"""Print centre benchmark: the console's print job for 1,000 A6 signs on A4 sheets.

The ceiling is ``dtpr signs build --all --size a6 --sheet a4`` of the same sensors in the
same run (the register written as ``sensors.yaml``), three rounds alternated, medians kept. The job is timed from its submission
to its file ready, read from its database row as the progress page does; the submission
itself (what holds the staff member's request) is timed apart. Goal: ratio ≤ 1.3, the
submission well under a second. Ends with one ``RESULT`` line.

    python -m bench.staff_print [--signs 1000] [--database-url sqlite:///…]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

import yaml

from bench.signage import make_sensor as signage_sensor
from dtpr_cli.main import main as dtpr
from dtpr_core import Sensor
from dtpr_core.register import sensor_to_data
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import ParsedSensors, PrintSelection, select_for_print
from dtpr_store.writes import upsert_sensor
from registry.staff.print_jobs import PrintJobs, job_or_none
from signage import SignBatch
from signage.qr import qr_matrix

BASE_URL = "https://capteurs.angers.fr"
ZONES = ("Centre-ville", "Monplaisir", "Belle-Beille", "La Roseraie", "Justices")


def make_sensor(index: int) -> Sensor:
    """The sign benchmark's sensor, spread over the zones (the console filters by zone)."""
    return signage_sensor(index, zone=ZONES[index % len(ZONES)])


def cli_seconds(register: Path, out: Path) -> float:
    args = ["signs", "build", "--register", str(register), "--out", str(out), "--base-url", BASE_URL]
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        code = dtpr([*args, "--all", "--size", "a6", "--sheet", "a4", "--lang", "fr,en"])
    assert code == 0, "dtpr signs build failed"
    return time.perf_counter() - start


def job_seconds(jobs: PrintJobs, rows: list[Any]) -> tuple[float, float]:
    """(submission, submission to file ready), polling the job row every 250 ms (the progress page: 2 s)."""
    options = {"size": "a6", "fmt": "pdf", "sheet": "a4", "langs": ["fr", "en"]}
    start = time.perf_counter()
    job_id = jobs.submit(rows=rows, options=options, actor="bench")
    submitted = time.perf_counter() - start
    while (job := job_or_none(jobs.engine, job_id)) is not None and job.status in ("queued", "running"):
        time.sleep(0.25)  # a tighter poll takes the GIL from the job on a loaded machine
    assert job is not None and job.status == "done", job.error if job else "job lost"
    return submitted, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--signs", type=int, default=1000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both runs, alternated; medians kept")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dtpr-bench-print-"))
    sensors = [make_sensor(i) for i in range(args.signs)]
    register, warm = work / "sensors.yaml", work / "warm.yaml"
    register.write_text(yaml.safe_dump({"version": 1, "sensors": [sensor_to_data(s) for s in sensors]}), "utf-8")
    warm.write_text(yaml.safe_dump({"version": 1, "sensors": [sensor_to_data(s) for s in sensors[:10]]}), "utf-8")
    engine = make_engine(args.database_url or f"sqlite:///{work / 'bench.sqlite3'}")
    migrate(engine)
    with session_scope(engine) as session:
        for sensor in sensors:
            upsert_sensor(session, sensor=sensor, source="register", actor="bench")
    with session_scope(engine) as session:
        rows = select_for_print(session, PrintSelection())
    assert len(rows) == args.signs
    jobs = PrintJobs(engine, SignBatch(BASE_URL), work / "jobs", workers=1, keep_hours=1, parsed=ParsedSensors())
    cli_seconds(warm, work / "warm")  # fonts, icons and imports loaded outside the timings
    cli_runs: list[float] = []
    job_runs: list[float] = []
    submits: list[float] = []
    for round_ in range(args.rounds):  # alternated: the machine's load drifts between runs
        for which in ("cli", "job") if round_ % 2 == 0 else ("job", "cli"):
            qr_matrix.cache_clear()  # each run pays for its own QR codes (they are cached per URL)
            if which == "cli":
                cli_runs.append(cli_seconds(register, work / f"cli-{round_}"))
            else:
                submitted, total = job_seconds(jobs, rows)
                job_runs.append(total)
                submits.append(submitted)
        print(f"round {round_ + 1}: dtpr signs build {cli_runs[-1]:.2f} s, console job {job_runs[-1]:.2f} s")
    ceiling, total, submitted = median(cli_runs), median(job_runs), max(submits)
    print(f"dtpr signs build, {args.signs} A6 signs on A4 (median): {ceiling:.2f} s")
    print(
        f"console print job, same signs (median): {total:.2f} s (submitting request at most {submitted * 1000:.0f} ms)"
    )
    jobs.shutdown()
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"RESULT staff_print_job_s={total:.2f} ceiling={ceiling:.2f} ratio={total / ceiling:.2f} submit_ms={submitted * 1000:.0f}"
    )


if __name__ == "__main__":
    main()
