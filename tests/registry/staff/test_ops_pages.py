"""Console pages of the print centre, devices, drift, quarantine and sensor history, through HTTP."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from dtpr_core.announcement import Announcement
from dtpr_store.db import session_scope
from dtpr_store.reads import last_printed, list_audit
from dtpr_store.tables import PrintJobRow
from dtpr_store.writes import quarantine_messages, record_announcements, upsert_sensor
from registry.app import create_app
from signage import SignBatch
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, fake_sign_renderer, make_settings
from tests.registry.staff.conftest import SignedIn, csrf_of


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    """The registry with the real batch builder, print files under *tmp_path*."""
    settings = make_settings(database_url).model_copy(deep=True)
    settings.signs.job_dir = str(tmp_path / "print-jobs")
    app = create_app(settings, sign_renderer=fake_sign_renderer, sign_batch=SignBatch(BASE_URL))
    with session_scope(app.state.engine) as session:
        for index in range(3):
            upsert_sensor(session, sensor=make_sensor(f"ANG-T-{index}"), source="register", actor="sync")
    yield app
    app.state.print_jobs.shutdown()
    app.state.engine.dispose()


def actions(app: FastAPI) -> list[str]:
    with session_scope(app.state.engine) as session:
        return [row.action for row in list_audit(session)]


def wait_done(client: TestClient, path: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get(path)
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.2)
    raise AssertionError("the job page still refreshes after 60 s")


def test_an_editor_previews_prints_downloads_and_marks_printed(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    page = editor.get("/staff/print?outdated=1")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert page.text.count('name="ids"') == 3
    form = {"csrf": csrf_of(page.text), "ids": ["ANG-T-2", "ANG-T-0"], "size": "a6", "sheet": "a4", "langs": "fr,en"}
    preview = editor.post("/staff/print/preview", data=form)
    assert preview.status_code == 200, preview.text
    assert "2 panneaux" in preview.text and "/signs/ANG-T-0.svg?size=a6&amp;lang=fr,en" in preview.text
    started = editor.post("/staff/print/jobs", data={**form, "csrf": csrf_of(preview.text)}, follow_redirects=False)
    assert started.status_code == 303
    job_path = started.headers["location"]
    assert re.fullmatch(r"/staff/print/jobs/[0-9a-f]{16}", job_path)
    done = wait_done(editor, job_path)
    assert "Télécharger" in done
    download = editor.get(f"{job_path}/file")
    assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and "attachment" in download.headers["content-disposition"]
    marked = editor.post(f"{job_path}/printed", data={"csrf": csrf_of(done)}, follow_redirects=False)
    assert marked.status_code == 303
    with session_scope(app.state.engine) as session:
        assert last_printed(session) == {"ANG-T-0": 1, "ANG-T-2": 1}
    assert {"print.start", "print.download", "print.printed"} <= set(actions(app))
    assert editor.get("/staff/print?outdated=1").text.count('name="ids"') == 1


def test_a_viewer_reads_but_cannot_print(app: FastAPI, signed_in: SignedIn) -> None:
    viewer = signed_in("viewer")
    page = viewer.get("/staff/print")
    assert page.status_code == 200 and "Aperçu avant impression" not in page.text
    refused = viewer.post("/staff/print/jobs", data={"csrf": csrf_of(page.text), "ids": ["ANG-T-0"]})
    assert refused.status_code == 403
    with session_scope(app.state.engine) as session:
        assert session.exec(select(PrintJobRow)).first() is None


def test_a_post_without_csrf_is_refused(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    assert editor.post("/staff/print/jobs", data={"ids": ["ANG-T-0"]}).status_code == 403
    assert editor.post("/staff/quarantine/purge", data={"csrf": "forged"}).status_code == 403


def test_bad_print_options_are_a_clear_page_not_a_job(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    csrf = csrf_of(editor.get("/staff/print").text)
    answer = editor.post("/staff/print/preview", data={"csrf": csrf, "size": "a9", "sheet": "a4"})
    assert answer.status_code == 422 and "unknown sign size" in answer.text


def test_devices_declare_and_ignore(app: FastAPI, signed_in: SignedIn) -> None:
    at = datetime.now(UTC)
    with session_scope(app.state.engine) as session:
        announcement = Announcement("HA-AQ-9", "homeassistant", at, elements=("air_quality", "values_time"))
        record_announcements(session, announcements=[announcement])
    editor = signed_in("editor")
    page = editor.get("/staff/devices")
    assert "HA-AQ-9" in page.text and "homeassistant" in page.text
    declare = editor.get("/staff/devices/HA-AQ-9/declare")
    assert declare.status_code == 200 and "- id: HA-AQ-9" in declare.text and "À COMPLÉTER" in declare.text
    assert editor.get("/staff/devices/ANG-T-0/declare").status_code == 404, (
        "a declared sensor is not a device to declare"
    )
    csrf = csrf_of(page.text)
    assert editor.post("/staff/devices/HA-AQ-9/ignore", data={"csrf": csrf, "reason": " "}).status_code == 422
    ignored = editor.post("/staff/devices/HA-AQ-9/ignore", data={"csrf": csrf, "reason": "test bench"})
    assert ignored.status_code == 200 and "HA-AQ-9" not in ignored.text
    listed = editor.get("/staff/devices?ignored=1").text
    assert "test bench" in listed and 'action="/staff/devices/HA-AQ-9/unignore"' in listed
    again = editor.post("/staff/devices/HA-AQ-9/unignore", data={"csrf": csrf})
    assert again.status_code == 200 and "HA-AQ-9" in again.text  # listed again, with its Ignore form
    assert 'action="/staff/devices/HA-AQ-9/ignore"' in again.text
    assert editor.post("/staff/devices/HA-AQ-9/unignore", data={"csrf": csrf}).status_code == 409
    assert {"device.ignore", "device.unignore"} <= set(actions(app))


def test_drift_side_by_side_then_resolved(app: FastAPI, signed_in: SignedIn) -> None:
    at = datetime.now(UTC)
    with session_scope(app.state.engine) as session:
        announcement = Announcement("ANG-T-1", "dtpr", at, elements=("air_quality", "identifiable_video"))
        record_announcements(session, announcements=[announcement])
    editor = signed_in("editor")
    page = editor.get("/staff/drift")
    assert re.search(
        r"<mark>[^<]*<strong>[^<]+</strong></mark> <small class=\"muted\"><code>identifiable_video", page.text
    )
    resolved = editor.post(
        "/staff/drift/ANG-T-1/resolve", data={"csrf": csrf_of(page.text), "decision": "sign_to_update", "reason": ""}
    )
    assert resolved.status_code == 200 and "Aucun écart à résoudre" in resolved.text
    assert "/staff/print?q=ANG-T-1" in editor.get("/staff/drift?resolved=1").text
    assert "drift.resolve" in actions(app)


def test_quarantine_shows_payloads_safely_and_purges(app: FastAPI, signed_in: SignedIn) -> None:
    now = datetime.now(UTC)
    with session_scope(app.state.engine) as session:
        quarantine_messages(
            session,
            items=[
                ("dtpr/v1/x/announce", b"<script>alert(1)</script>", 25, "invalid JSON", now),
                ("dtpr/v1/y/announce", b"\xff\x00<img>", 6, "not UTF-8", now - timedelta(days=90)),
            ],
        )
    editor = signed_in("editor")
    page = editor.get("/staff/quarantine")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>" not in page.text
    assert "ff 00 3c 69 6d 67 3e" in page.text
    assert len(re.findall(r"/staff/quarantine/\d+", editor.get("/staff/quarantine?reason=json").text)) == 1
    purged = editor.post("/staff/quarantine/purge", data={"csrf": csrf_of(page.text)})
    assert purged.status_code == 200 and "1 messages purgés" in purged.text
    assert "ff 00" not in purged.text
    assert "quarantine.purge" in actions(app)


def test_history_diff_between_two_revisions(app: FastAPI, signed_in: SignedIn) -> None:
    with session_scope(app.state.engine) as session:
        sensor = make_sensor("ANG-T-0", name={"fr": "Nouveau nom", "en": "New name"})
        upsert_sensor(session, sensor=sensor, source="api", actor="token: tool")
    viewer = signed_in("viewer")
    page = viewer.get("/staff/sensors/ANG-T-0/history?from=1&to=2")
    assert page.status_code == 200
    assert "<del>Capteur de test</del>" in page.text and "<ins>Nouveau nom</ins>" in page.text
    assert "interface de gestion — token: tool" in page.text
    assert viewer.get("/staff/sensors/NOPE/history").status_code == 404


@pytest.mark.parametrize(
    "path", ["/staff/print", "/staff/devices", "/staff/drift", "/staff/quarantine", "/staff/sensors/ANG-T-0/history"]
)
def test_every_page_needs_a_session(app: FastAPI, path: str) -> None:
    with TestClient(app, base_url=BASE_URL) as anonymous:
        answer = anonymous.get(path, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/staff/login")
    assert "ANG-T-0" not in answer.text
