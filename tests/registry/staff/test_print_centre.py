"""The print centre for staff (#21): the zip sheet, 5,000 ticked signs, ticking by zone, named options, undo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from dtpr_store.db import session_scope
from dtpr_store.reads import last_printed, list_audit
from dtpr_store.writes import upsert_sensor
from registry.app import create_app
from signage import SignBatch
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, fake_sign_renderer, make_settings
from tests.registry.staff.conftest import SignedIn, csrf_of
from tests.registry.staff.test_ops_pages import wait_done

CHECKED = re.compile(r'<input type="checkbox" name="ids" value="([^"]+)"[^>]*checked')


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    """Three sensors in two zones and one with a commune but no zone; the real batch builder."""
    settings = make_settings(database_url).model_copy(deep=True)
    settings.signs.job_dir = str(tmp_path / "print-jobs")
    app = create_app(settings, sign_renderer=fake_sign_renderer, sign_batch=SignBatch(BASE_URL))
    places = {"ANG-P-1": "Centre-ville", "ANG-P-2": "Centre-ville", "ANG-P-3": "Gare", "TRE-P-4": ""}
    with session_scope(app.state.engine) as session:
        for sensor_id, zone in places.items():
            location = {"lat": 47.47, "lon": -0.55, "address": "Rue", "commune": "Angers", "zone": zone}
            if not zone:
                location = {"lat": 47.45, "lon": -0.49, "address": "Place", "commune": "Trélazé"}
            upsert_sensor(session, sensor=make_sensor(sensor_id, location=location), source="register", actor="sync")
    yield app
    if getattr(app.state, "print_jobs", None) is not None:
        app.state.print_jobs.shutdown()
    app.state.engine.dispose()


def test_options_have_names_for_people_and_places_no_dangling_comma(app: FastAPI, signed_in: SignedIn) -> None:
    page = signed_in("editor").get("/staff/print").text
    assert "feuilles A4, avec traits de coupe" in page and "planches d’étiquettes A4" in page
    assert '<option value="none">aucune\u00a0: un fichier par panneau (zip)</option>' in page
    assert re.search(r">\s*labels\s*<", page) is None and re.search(r">\s*a3\s*<", page) is None
    assert "A6 (10,5\u00a0×\u00a014,8\u00a0cm)" in page
    assert "<td>Trélazé</td>" in page and ", Trélazé" not in page


def test_tick_all_and_tick_a_zone(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    assert CHECKED.findall(editor.get("/staff/print").text) == []
    assert len(CHECKED.findall(editor.get("/staff/print?tick=all").text)) == 4
    assert sorted(CHECKED.findall(editor.get("/staff/print?tick=Centre-ville").text)) == ["ANG-P-1", "ANG-P-2"]


def test_the_zip_sheet_prints_one_file_per_sign_and_the_job_recalls_its_options(
    app: FastAPI, signed_in: SignedIn
) -> None:
    editor = signed_in("editor")
    page = editor.get("/staff/print?zone=Centre-ville")
    form = {"csrf": csrf_of(page.text), "zone": "Centre-ville", "size": "a6", "sheet": "none", "fmt": "svg"}
    form["langs"] = "fr,en"
    preview = editor.post("/staff/print/preview", data=form)
    assert preview.status_code == 200, preview.text
    assert 'name="sheet" value="none"' in preview.text and "un fichier par panneau (zip)" in preview.text
    job = editor.post(
        "/staff/print/jobs",
        data={**form, "csrf": csrf_of(preview.text), "ids": ["ANG-P-1", "ANG-P-2"]},
        follow_redirects=False,
    )
    assert job.status_code == 303
    done = wait_done(editor, job.headers["location"])
    file = editor.get(f"{job.headers['location']}/file")
    assert file.headers["content-type"] == "application/zip" and file.content.startswith(b"PK")
    for shown in ("A6 (10,5\u00a0×\u00a014,8\u00a0cm)", "un fichier par panneau (zip)", "français et anglais"):
        assert shown in done
    assert "<dt>Quartier</dt><dd>Centre-ville</dd>" in done and "<dd>SVG</dd>" in done


def test_five_thousand_ticked_signs_are_one_form(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    csrf = csrf_of(editor.get("/staff/print").text)
    ids = [f"ANG-X-{index:04d}" for index in range(4996)] + ["ANG-P-1", "ANG-P-2", "ANG-P-3", "TRE-P-4"]
    preview = editor.post("/staff/print/preview", data={"csrf": csrf, "ids": ids, "sheet": "a4"})
    assert preview.status_code == 200, preview.text[:500]
    assert "4 panneaux" in preview.text


def test_mark_as_printed_can_be_undone(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    csrf = csrf_of(editor.get("/staff/print").text)
    job = editor.post(
        "/staff/print/jobs", data={"csrf": csrf, "ids": ["ANG-P-3"], "sheet": "a4"}, follow_redirects=False
    )
    done = wait_done(editor, job.headers["location"])
    editor.post(f"{job.headers['location']}/printed", data={"csrf": csrf_of(done)})
    with session_scope(app.state.engine) as session:
        assert last_printed(session) == {"ANG-P-3": 1}
    marked = editor.get(job.headers["location"]).text
    assert "Annuler «\u00a0Marquer comme imprimés\u00a0»" in marked
    undone = editor.post(f"{job.headers['location']}/printed/undo", data={"csrf": csrf_of(marked)})
    assert undone.status_code == 200 and "Marquer comme imprimés" in undone.text
    with session_scope(app.state.engine) as session:
        assert last_printed(session) == {}
        assert "print.printed_undo" in [row.action for row in list_audit(session)]
