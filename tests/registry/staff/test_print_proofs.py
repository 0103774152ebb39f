"""The print centre says which address the signs print, and makes only proofs while it points nowhere (#21)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from pypdf import PdfReader

from dtpr_store.db import session_scope
from dtpr_store.reads import last_printed
from dtpr_store.writes import upsert_sensor
from registry.app import create_app
from signage import SignBatch
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, fake_sign_renderer, make_settings
from tests.registry.staff.conftest import SignedIn, csrf_of
from tests.registry.staff.test_ops_pages import wait_done

PROOF = "ÉPREUVE — NE PAS AFFICHER"
LOOPBACK = "http://127.0.0.1:8000"


@pytest.fixture(params=[LOOPBACK, BASE_URL], ids=["loopback", "https"])
def app(request: pytest.FixtureRequest, database_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    settings = make_settings(database_url).model_copy(deep=True)
    settings.public.base_url = request.param
    settings.signs.job_dir = str(tmp_path / "print-jobs")
    app = create_app(settings, sign_renderer=fake_sign_renderer, sign_batch=SignBatch(request.param))
    with session_scope(app.state.engine) as session:
        for index in range(3):
            upsert_sensor(session, sensor=make_sensor(f"ANG-T-{index}"), source="register", actor="sync")
    yield app
    if getattr(app.state, "print_jobs", None) is not None:
        app.state.print_jobs.shutdown()
    app.state.engine.dispose()


def test_the_print_centre_prints_proofs_while_the_address_points_nowhere(app: FastAPI, signed_in: SignedIn) -> None:
    base_url = app.state.settings.public.base_url
    loopback = base_url == LOOPBACK
    editor = signed_in("editor")
    page = editor.get("/staff/print")
    printed_address = base_url.split("://")[1] + "/s/ANG-T-0"
    assert printed_address in page.text, "the print centre says which address the signs print"
    assert ("Seules des épreuves seront produites" in page.text) is loopback
    form = {"csrf": csrf_of(page.text), "ids": ["ANG-T-0", "ANG-T-1"], "size": "a6", "sheet": "a4", "langs": "fr"}
    preview = editor.post("/staff/print/preview", data=form)
    assert preview.status_code == 200, preview.text
    assert printed_address in preview.text, "the preview always shows the address that will be printed"
    assert ("Seules des épreuves seront produites" in preview.text) is loopback
    started = editor.post("/staff/print/jobs", data={**form, "csrf": csrf_of(preview.text)}, follow_redirects=False)
    job_path = started.headers["location"]
    assert re.fullmatch(r"/staff/print/jobs/[0-9a-f]{16}", job_path)
    done = wait_done(editor, job_path)
    download = editor.get(f"{job_path}/file")
    assert download.status_code == 200
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(download.content)).pages]
    assert pages and all((PROOF in text) is loopback for text in pages)
    assert ("proofs-" in download.headers["content-disposition"]) is loopback
    marked = editor.post(f"{job_path}/printed", data={"csrf": csrf_of(done)}, follow_redirects=False)
    assert marked.status_code == (409 if loopback else 303)
    with session_scope(app.state.engine) as session:
        assert bool(last_printed(session)) is not loopback, "proofs never count as printed signs"
