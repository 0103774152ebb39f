"""``/staff/print``: choose signs, preview them, print them as a background job, mark them printed.

Choosing and previewing are forms, the job page refreshes itself (``<meta refresh>``)
until the file is ready: no JavaScript needed. Printing goes through the same batch
as ``dtpr signs build`` (:mod:`registry.staff.print_jobs`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Form, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import StringConstraints

from dtpr_core import unfit_sign_address
from dtpr_core.errors import DtprError
from dtpr_core.model import SENSOR_ID_PATTERN
from dtpr_store.reads import PrintSelection, facets, last_printed, list_print_jobs, select_for_print
from dtpr_store.writes import mark_job_printed, mark_print_downloaded, unmark_job_printed
from registry.deps import SessionDep
from registry.staff.deps import Editor, Viewer, audit
from registry.staff.i18n import say
from registry.staff.print_jobs import PrintJobs, job_or_none
from registry.staff.print_options import (
    FORMATS,
    JOB_STATUSES,
    LANGS,
    NO_SHEET,
    STATUSES,
    named,
    option_labels,
    print_options,
)
from registry.staff.web import StaffDenied, redirect, render, staff_router

router = staff_router()

SHOWN = 5000
"""Signs listed (and tickable) at once: the documented largest job."""
PREVIEWED = 12

Text = Annotated[str, Form(max_length=200)]
Ids = Annotated[list[Annotated[str, StringConstraints(pattern=SENSOR_ID_PATTERN)]], Form(max_length=5000)]


def print_jobs(request: Request) -> PrintJobs:
    """The app's job runner (the registry runs print jobs in its own threads)."""
    jobs: PrintJobs = request.app.state.print_jobs
    return jobs


Jobs = Annotated[PrintJobs, Depends(print_jobs)]


def _selection(zone: str, commune: str, status: str, q: str, outdated: bool, ids: list[str]) -> PrintSelection:
    return PrintSelection(
        zone=zone or None,
        commune=commune or None,
        status=status if status in STATUSES else None,
        search=q.strip() or None,
        out_of_date_only=outdated,
        ids=tuple(ids),
    )


def sign_address(request: Request, sensor_id: str | None) -> dict[str, Any]:
    """What the signs will print (the preview always says it) and, when it points nowhere, why (proofs only)."""
    urls = request.app.state.urls
    unfit = unfit_sign_address(urls.base_url)
    return {
        "base_url": urls.base_url,
        "sensor_id": sensor_id,
        "example": urls.short_sensor_url(sensor_id or "ANG-XXX-0001"),
        "fault": unfit.fault if unfit else None,
    }


def _proof_options(request: Request, options: dict[str, Any]) -> dict[str, Any]:
    """*options*, marked ``proof`` when this server's address is unfit for the street (the batch then draws proofs)."""
    return {**options, "proof": True} if sign_address(request, None)["fault"] else options


def _pairs(values: Any) -> list[tuple[str, str]]:
    return [(str(value), str(value)) for value in values]


def _choices(session: Any, lang: str, jobs: PrintJobs) -> dict[str, list[tuple[str, str]]]:
    """The options of the page's menus, as (value, text) pairs in the page's language."""
    found = facets(session)
    builder = jobs.builder
    return {
        "zone_options": _pairs(found.get("zone", [])),
        "commune_options": _pairs(found.get("commune", [])),
        "status_options": named(STATUSES, "sensor_status", lang),
        "size_options": named(builder.sizes, "size", lang) if builder else [],
        "sheet_options": named((NO_SHEET, *builder.sheets), "sheet", lang) if builder else [],
        "format_options": list(FORMATS.items()),
        "lang_options": [(key, say(lang, name)) for key, name in LANGS.items()],
    }


@router.get("/print")
def print_centre(
    request: Request,
    session: SessionDep,
    staff: Viewer,
    jobs: Jobs,
    zone: Annotated[str, Query(max_length=200)] = "",
    commune: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    outdated: bool = False,
    tick: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """*tick*: ``all`` ticks every listed sign, a zone's name the signs of that zone."""
    rows = select_for_print(session, _selection(zone, commune, status, q, outdated, []))
    context: dict[str, Any] = _choices(session, request.state.lang, jobs)
    filters = {"zone": zone, "commune": commune, "status": status, "q": q, "outdated": outdated}
    return render(
        request,
        "print.html",
        **context,
        rows=rows[:SHOWN],
        total=len(rows),
        shown=SHOWN,
        printed=last_printed(session),
        filters=filters,
        tick=tick,
        filter_query=urlencode({key: "1" if value is True else value for key, value in filters.items() if value}),
        builder=jobs.builder,
        recent=list_print_jobs(session, limit=10),
        job_statuses=JOB_STATUSES,
        can_print=staff.can("editor"),
        sign_address=sign_address(request, rows[0].id if rows else None),
    )


@router.post("/print/preview")
def preview(
    request: Request,
    session: SessionDep,
    staff: Editor,
    jobs: Jobs,
    ids: Ids = [],  # noqa: B006 (FastAPI copies defaults)
    zone: Text = "",
    commune: Text = "",
    status: Text = "",
    q: Text = "",
    outdated: Annotated[bool, Form()] = False,
    size: Annotated[str, Form(max_length=16)] = "a6",
    sheet: Annotated[str, Form(max_length=16)] = "a4",
    fmt: Annotated[str, Form(max_length=8)] = "pdf",
    langs: Annotated[str, Form(max_length=8)] = "fr",
    bleed: Annotated[float, Form(ge=0, le=10)] = 0.0,
) -> Response:
    """What will be printed: the count, the options and the first signs, before the job starts."""
    rows = select_for_print(session, _selection(zone, commune, status, q, outdated, ids))
    options = _proof_options(request, print_options(size, sheet, fmt, langs, bleed))
    try:
        jobs.require_builder().check(options)
    except DtprError as error:
        raise StaffDenied(422, "refused_reason", reason=error.message) from error
    return render(
        request,
        "print_preview.html",
        rows=rows,
        previewed=rows[:PREVIEWED],
        options=options,
        form={
            **{"size": size, "sheet": options["sheet"] or NO_SHEET, "fmt": options["fmt"], "langs": langs},
            **{"bleed": bleed, "zone": zone, "commune": commune, "status": status, "q": q},
        },
        builder=jobs.builder,
        labels=option_labels(options, {"zone": zone, "commune": commune, "status": status, "q": q}, request.state.lang),
        sign_address=sign_address(request, rows[0].id if rows else None),
    )


@router.post("/print/jobs")
def start_job(
    request: Request,
    session: SessionDep,
    staff: Editor,
    jobs: Jobs,
    ids: Ids = [],  # noqa: B006
    zone: Text = "",
    commune: Text = "",
    status: Text = "",
    q: Text = "",
    size: Annotated[str, Form(max_length=16)] = "a6",
    sheet: Annotated[str, Form(max_length=16)] = "a4",
    fmt: Annotated[str, Form(max_length=8)] = "pdf",
    langs: Annotated[str, Form(max_length=8)] = "fr",
    bleed: Annotated[float, Form(ge=0, le=10)] = 0.0,
) -> Response:
    rows = select_for_print(session, PrintSelection(ids=tuple(ids)))
    options = _proof_options(request, print_options(size, sheet, fmt, langs, bleed))
    chosen = {
        key: value for key, value in {"zone": zone, "commune": commune, "status": status, "q": q}.items() if value
    }
    try:
        job_id = jobs.submit(rows=rows, options={**options, "filters": chosen}, actor=staff.name)
    except DtprError as error:
        raise StaffDenied(422, "refused_reason", reason=error.message) from error
    audit(session, staff, "print.start", job_id, signs=len(rows), **{k: v for k, v in options.items() if v}, **chosen)
    session.commit()
    return redirect(f"/staff/print/jobs/{job_id}")


def _job(jobs: PrintJobs, job_id: str) -> Any:
    job = job_or_none(jobs.engine, job_id)
    if job is None:
        raise StaffDenied(404, "there_is_no_such_print_job")
    return job


@router.get("/print/jobs/{job_id}")
def job_page(request: Request, staff: Viewer, jobs: Jobs, job_id: str) -> Response:
    job = _job(jobs, job_id)
    return render(
        request,
        "print_job.html",
        job=job,
        labels=option_labels(job.options or {}, (job.options or {}).get("filters") or {}, request.state.lang),
        ready=jobs.file_of(job) is not None,
        running=job.status in ("queued", "running"),
        can_print=staff.can("editor"),
    )


@router.get("/print/jobs/{job_id}/file")
def job_file(session: SessionDep, staff: Viewer, jobs: Jobs, job_id: str) -> Response:
    job = _job(jobs, job_id)
    path = jobs.file_of(job)
    if path is None:
        raise StaffDenied(404, "this_file_is_not_ready_or_it_has_expired")
    mark_print_downloaded(session, job_id=job.id)
    audit(session, staff, "print.download", job.id)
    session.commit()
    media = "application/pdf" if path.suffix == ".pdf" else "application/zip"
    return FileResponse(path, media_type=media, filename=path.name)


@router.post("/print/jobs/{job_id}/printed")
def job_printed(session: SessionDep, staff: Editor, jobs: Jobs, job_id: str) -> Response:
    job = _job(jobs, job_id)
    if (job.options or {}).get("proof"):
        raise StaffDenied(409, "proofs_are_not_printed_signs")
    recorded = mark_job_printed(session, job_id=job.id, actor=staff.name)
    if recorded:
        audit(session, staff, "print.printed", job.id, signs=recorded)
    session.commit()
    return redirect(f"/staff/print/jobs/{job.id}")


@router.post("/print/jobs/{job_id}/printed/undo")
def job_printed_undo(session: SessionDep, staff: Editor, jobs: Jobs, job_id: str) -> Response:
    """Undo "mark as printed" (a slip of the finger): the job's signs are no longer recorded as printed."""
    job = _job(jobs, job_id)
    removed = unmark_job_printed(session, job_id=job.id)
    if removed:
        audit(session, staff, "print.printed_undo", job.id, signs=removed)
    session.commit()
    return redirect(f"/staff/print/jobs/{job.id}")
