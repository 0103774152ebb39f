"""Print jobs: the console's batch, built in the background by the code ``dtpr signs build`` runs."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from dtpr_cli.main import main
from dtpr_core.errors import DtprError
from dtpr_store.db import session_scope
from dtpr_store.reads import ParsedSensors, PrintSelection, last_printed, select_for_print
from dtpr_store.tables import PrintJobRow
from dtpr_store.writes import mark_job_printed, upsert_sensor
from registry.staff.print_jobs import PrintJobs, job_or_none
from signage import SignBatch
from tests.conftest import make_sensor

BASE_URL = "https://capteurs.example.fr"
SHEET = {"size": "a6", "fmt": "pdf", "sheet": "a4", "bleed_mm": 0, "langs": ["fr"]}


def store(engine: Engine, count: int, zone: str = "Centre-ville") -> None:
    with session_scope(engine) as session:
        for index in range(count):
            location = {"lat": 47.47, "lon": -0.55, "commune": "Angers", "zone": zone}
            sensor = make_sensor(f"ANG-{zone[:3].upper()}-{index:04d}", location=location)
            upsert_sensor(session, sensor=sensor, source="register", actor="test")


@pytest.fixture
def jobs(engine: Engine, tmp_path: Path) -> Iterator[PrintJobs]:
    jobs = PrintJobs(engine, SignBatch(BASE_URL), tmp_path / "jobs", workers=1, keep_hours=24, parsed=ParsedSensors())
    yield jobs
    jobs.shutdown()


def wait(engine: Engine, job_id: str, timeout: float = 120) -> PrintJobRow:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = job_or_none(engine, job_id)
        assert job is not None
        if job.status in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job.status} after {timeout} s")


def selected(engine: Engine, **filters: object) -> list:  # type: ignore[type-arg]
    with session_scope(engine) as session:
        return select_for_print(session, PrintSelection(**filters))  # type: ignore[arg-type]


def test_a_sheet_job_prints_the_selection_then_marks_it_printed(engine: Engine, jobs: PrintJobs) -> None:
    store(engine, 9)
    store(engine, 2, zone="Gare")
    rows = selected(engine, zone="Centre-ville")
    assert [row.id for row in rows] == [f"ANG-CEN-{i:04d}" for i in range(9)]
    started = time.monotonic()
    job_id = jobs.submit(rows=rows, options=SHEET, actor="Camille")
    assert time.monotonic() - started < 1.0, "submitting never waits for the batch"
    job = wait(engine, job_id)
    assert job.status == "done", job.error
    assert (job.done, job.total) == (9, 9)
    path = jobs.file_of(job)
    assert path is not None and path.name.endswith("-a6-on-a4.pdf")
    assert len(PdfReader(path).pages) == 5  # two A6 signs (turned) on each A4 sheet
    with session_scope(engine) as session:
        assert mark_job_printed(session, job_id=job_id, actor="Camille") == 9
        assert mark_job_printed(session, job_id=job_id, actor="Camille") == 0, "printed once"
    with session_scope(engine) as session:
        assert last_printed(session) == {row.id: 1 for row in rows}
    assert [row.id for row in selected(engine, out_of_date_only=True)] == ["ANG-GAR-0000", "ANG-GAR-0001"]


def test_a_zip_of_svg_signs_and_explicit_ids(engine: Engine, jobs: PrintJobs) -> None:
    store(engine, 3)
    rows = selected(engine, ids=["ANG-CEN-0002", "ANG-CEN-0000", "UNKNOWN-1"])
    job = wait(engine, jobs.submit(rows=rows, options={"size": "a5", "fmt": "svg"}, actor="Camille"))
    path = jobs.file_of(job)
    assert job.status == "done" and path is not None
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["ANG-CEN-0000-a5.svg", "ANG-CEN-0002-a5.svg"]
        assert b"ANG-CEN-0002" in archive.read("ANG-CEN-0002-a5.svg")


def test_bad_options_and_empty_selections_are_refused_before_queueing(engine: Engine, jobs: PrintJobs) -> None:
    store(engine, 1)
    rows = selected(engine)
    with pytest.raises(DtprError, match="sheets are PDF"):
        jobs.submit(rows=rows, options={"fmt": "svg", "sheet": "a4"}, actor="x")
    with pytest.raises(DtprError, match="unknown sign size"):
        jobs.submit(rows=rows, options={"size": "a9"}, actor="x")
    with pytest.raises(DtprError, match="no sign to print"):
        jobs.submit(rows=[], options=SHEET, actor="x")


def test_a_job_whose_sensor_left_the_register_fails_with_its_reason(engine: Engine, tmp_path: Path) -> None:
    store(engine, 2)
    rows = selected(engine)
    with session_scope(engine) as session:
        from sqlmodel import delete

        from dtpr_store.tables import SensorRow

        session.execute(delete(SensorRow).where(SensorRow.id == "ANG-CEN-0001"))  # type: ignore[arg-type]
    jobs = PrintJobs(engine, SignBatch(BASE_URL), tmp_path / "jobs", workers=1, keep_hours=24, parsed=ParsedSensors())
    job = wait(engine, jobs.submit(rows=rows, options=SHEET, actor="x"))
    jobs.shutdown()
    assert job.status == "failed"
    assert "ANG-CEN-0001 is no longer declared" in (job.error or "")


def test_expired_files_are_deleted(engine: Engine, tmp_path: Path) -> None:
    store(engine, 1)
    jobs = PrintJobs(engine, SignBatch(BASE_URL), tmp_path / "jobs", workers=1, keep_hours=1, parsed=ParsedSensors())
    job = wait(engine, jobs.submit(rows=selected(engine), options=SHEET, actor="x"))
    path = jobs.file_of(job)
    assert path is not None
    assert jobs.sweep() == 0 and path.exists()
    with session_scope(engine) as session:
        row = session.get(PrintJobRow, job.id)
        assert row is not None and row.finished_at is not None
        row.finished_at -= timedelta(hours=2)
    assert jobs.sweep() == 1
    assert not path.exists()
    expired = job_or_none(engine, job.id)
    assert expired is not None and expired.status == "expired" and jobs.file_of(expired) is None
    jobs.shutdown()


def test_the_console_and_the_cli_print_the_same_signs(engine: Engine, jobs: PrintJobs, tmp_path: Path) -> None:
    """One code path: the same sensors give the same sheet (pages, text) from the CLI and from a job."""
    import yaml

    store(engine, 5)
    rows = selected(engine)
    register = tmp_path / "sensors.yaml"
    register.write_text(yaml.safe_dump({"version": 1, "sensors": [r.data for r in rows]}, allow_unicode=True))
    out = tmp_path / "cli"
    assert main(["signs", "build", "--register", str(register), "--out", str(out), "--base-url", BASE_URL, "--all",
                 "--size", "a6", "--sheet", "a4"]) == 0  # fmt: skip
    cli_pdf = next(out.glob("*.pdf"))
    job = wait(engine, jobs.submit(rows=rows, options=SHEET, actor="x"))
    path = jobs.file_of(job)
    assert path is not None and path.name == cli_pdf.name
    cli_text = [page.extract_text() for page in PdfReader(cli_pdf).pages]
    job_text = [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]
    assert len(cli_text) == len(job_text) == 3
    for sensor_id in (r.id for r in rows):
        assert any(sensor_id in text for text in job_text)
