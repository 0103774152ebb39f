"""``/staff/import``: a spreadsheet through the importer, the diff and errors shown, the merged file offered.

Editors upload the file (or a sheet per file, as a folder), choose a preset or upload
a mapping, and may upload the current ``sensors.yaml`` to merge into. The page runs
the same import as ``dtpr import --diff`` (:mod:`dtpr_import`) and offers the merged
``sensors.yaml`` to download. It never writes the register: publishing stays
``dtpr validate`` + ``dtpr sync``, the technician's job.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile

from dtpr_import import (
    PRESETS,
    ImportOptions,
    ImportReport,
    MappingError,
    MergeError,
    TableError,
    import_sheets,
    load_mapping_text,
    load_preset,
    read_tables,
)
from dtpr_import.tables import CSV_SUFFIXES, XLSX_SUFFIXES
from registry.deps import SessionDep
from registry.staff.deps import Editor, audit
from registry.staff.web import StaffDenied, render, staff_router

router = staff_router()
MAX_FILES = 10
MAX_SHOWN_PROBLEMS = 200
_UNSAFE = re.compile(r"[^\w .()-]+")
Files = Annotated[list[UploadFile], File()]
Optional = Annotated[UploadFile | None, File()]


def _refuse(key: str, **values: object) -> StaffDenied:
    return StaffDenied(422, key, **values)


def _safe_name(upload: UploadFile, index: int) -> str:
    """The uploaded file's own name, reduced to plain characters (it is shown in errors)."""
    name = _UNSAFE.sub("_", Path(upload.filename or "").name).strip(" .") or f"file-{index}"
    if Path(name).suffix.lower() not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise _refuse("import_not_a_table", name=name)
    return name[:120]


def _text(upload: UploadFile | None) -> str:
    if upload is None or not upload.filename:
        return ""
    try:
        return upload.file.read().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise _refuse("import_not_utf8", name=_safe_name_text(upload)) from error


def _safe_name_text(upload: UploadFile) -> str:
    return _UNSAFE.sub("_", Path(upload.filename or "").name)[:120]


def _run(
    files: list[UploadFile], preset: str, mapping_text: str, register: str, options: ImportOptions
) -> ImportReport:
    mapping = load_mapping_text(mapping_text) if mapping_text else load_preset(preset)
    with tempfile.TemporaryDirectory(prefix="dtpr-import-") as folder:
        for index, upload in enumerate(files):
            (Path(folder) / _safe_name(upload, index)).write_bytes(upload.file.read())
        source = Path(folder) if len(files) > 1 else Path(folder) / _safe_name(files[0], 0)
        return import_sheets(read_tables(source), mapping, register, options)


def _form(request: Request, **context: Any) -> Response:
    return render(request, "import.html", presets=PRESETS, **context)


@router.get("/import")
def import_form(request: Request, staff: Editor) -> Response:
    return _form(request, report=None, error=None, chosen="fr-videoprotection")


@router.post("/import")
def import_file(
    request: Request,
    session: SessionDep,
    staff: Editor,
    files: Files,
    preset: Annotated[str, Form(max_length=40)] = "dtpr",
    mapping: Optional = None,
    sensors_yaml: Optional = None,
    update: Annotated[bool, Form()] = False,
    draft: Annotated[bool, Form()] = False,
) -> Response:
    files = [f for f in files if f.filename]
    if not files or len(files) > MAX_FILES:
        raise _refuse("import_file_count", n=MAX_FILES)
    if preset not in PRESETS:
        raise _refuse("import_no_such_preset")
    options = ImportOptions(update=update, draft=draft, register_name="sensors.yaml")
    try:
        report = _run(files, preset, _text(mapping), _text(sensors_yaml), options)
    except (MappingError, TableError, MergeError) as error:
        return _form(request, report=None, error=str(error), chosen=preset)
    names = [f.filename or "" for f in files]
    audit(session, staff, "register.import_preview", preset, files=names, imported=len(report.imported))
    session.commit()
    shown = report.problems[:MAX_SHOWN_PROBLEMS]
    return _form(request, report=report, problems=shown, error=None, chosen=preset)


@router.post("/import/download")
def download(staff: Editor, merged: Annotated[str, Form(max_length=2_000_000)]) -> Response:
    """The merged register the import page showed, as a file (it is the editor's own text back)."""
    return Response(
        merged.replace("\r\n", "\n"),
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="sensors.yaml"'},
    )
