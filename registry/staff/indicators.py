"""``/staff/indicators``: usage and satisfaction without tracking (counters only, no personal data).

Page views per day over a chosen period (7, 30, 90 or 365 days) (an SVG chart, the same figures as a table, a CSV), by
zone and by sensor, feedback by kind, and the "did this page help?" answers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import Path, Query, Request, Response
from markupsafe import Markup
from sqlmodel import Session

from dtpr_store.reads import (
    feedback_by_kind,
    helpfulness_votes,
    page_views_by_day,
    page_views_by_sensor,
    page_views_by_zone,
    sensor_rows,
)
from registry.csv_cells import csv_chunks
from registry.deps import SessionDep
from registry.staff.charts import bar_chart_svg, daily_series
from registry.staff.deps import Viewer
from registry.staff.feedback import KINDS
from registry.staff.i18n import say
from registry.staff.web import render, staff_router

router = staff_router()
DAYS = 90
PERIODS = (7, 30, 90, 365)
"""The periods staff can choose, in days (90 by default)."""
Table = Literal["page-views-by-day", "page-views-by-zone", "page-views-by-sensor", "feedback-by-kind"]
Days = Annotated[int, Query(ge=1, le=366)]


def first_day(days: int = DAYS) -> date:
    return datetime.now(UTC).date() - timedelta(days=days - 1)


def sensor_names(session: Session, ids: list[str]) -> dict[str, str]:
    """The French name of each sensor id (the id when it has none or is gone)."""
    rows = sensor_rows(session, ids)
    return {sensor_id: (rows[sensor_id].name_fr if sensor_id in rows else "") or sensor_id for sensor_id in ids}


def table_rows(session: Session, table: str, days: int = DAYS) -> tuple[tuple[str, str], list[tuple[str, int]]]:
    """(column names, rows) of one indicator table: the page and the CSV share it."""
    since = first_day(days)
    if table == "page-views-by-day":
        series = daily_series(page_views_by_day(session, since=since), first=since, days=days)
        return ("day", "page_views"), [(day.isoformat(), count) for day, count in series]
    if table == "page-views-by-zone":
        return ("zone", "page_views"), page_views_by_zone(session, since=since)
    if table == "page-views-by-sensor":
        return ("sensor_id", "page_views"), page_views_by_sensor(session, since=since)
    return ("kind", "messages"), sorted(feedback_by_kind(session).items())


@router.get("/indicators")
def indicators(request: Request, session: SessionDep, staff: Viewer, days: Days = DAYS) -> Response:
    lang = request.state.lang
    _, by_day = table_rows(session, "page-views-by-day", days)
    total = sum(count for _, count in by_day)
    title = say(lang, "indicators_chart_title_n_days", n=days)
    description = say(lang, "indicators_chart_description", total=total, first=by_day[0][0], last=by_day[-1][0])
    series = [(date.fromisoformat(day), count) for day, count in by_day]
    by_sensor = table_rows(session, "page-views-by-sensor", days)[1]
    by_kind = table_rows(session, "feedback-by-kind", days)[1]
    votes = helpfulness_votes(session, since=first_day(days))
    voted = [sensor_id for sensor_id, _, _ in votes.by_sensor] if votes else []
    return render(
        request,
        "indicators.html",
        chart=Markup(
            bar_chart_svg(series, title=title, description=description)
        ),  # built from numbers and escaped text
        by_day=by_day,
        total=total,
        days=days,
        periods=PERIODS,
        by_zone=table_rows(session, "page-views-by-zone", days)[1],
        by_sensor=by_sensor,
        by_kind=[(say(lang, f"kind_{kind}") if kind in KINDS else kind, count) for kind, count in by_kind],
        votes=votes,
        names=sensor_names(session, [sensor_id for sensor_id, _ in by_sensor] + voted),
    )


@router.get("/indicators/{table}.csv")
def indicator_csv(table: Annotated[Table, Path()], session: SessionDep, staff: Viewer, days: Days = DAYS) -> Response:
    header, rows = table_rows(session, table, days)
    return Response(
        b"".join(csv_chunks(header, (dict(zip(header, row, strict=True)) for row in rows))),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table}.csv"'},
    )
