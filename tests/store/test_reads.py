"""Read queries for the registry's staff views and statistics."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from dtpr_store import session_scope
from dtpr_store.reads import (
    feedback_by_sensor,
    feedback_counts,
    list_tokens,
    page_views_by_day,
    page_views_by_sensor,
    sensor_counts,
    sensor_rows,
)
from dtpr_store.writes import add_feedback, add_page_views, create_token, upsert_sensor
from tests.conftest import make_sensor


def test_counts_and_page_views(engine) -> None:
    with session_scope(engine) as session:
        for index in range(3):
            upsert_sensor(session, sensor=make_sensor(f"ANG-R-{index}"), source="register", actor="t")
        add_feedback(session, sensor_id="ANG-R-1", message="hi", email=None, locale="fr")
        add_page_views(session, counts={("ANG-R-1", date(2026, 11, 1)): 3, ("ANG-R-2", date(2026, 11, 2)): 1})
        create_token(session, name="reader", scope="read")
    with Session(engine) as session:
        assert sorted(sensor_rows(session, ["ANG-R-1", "ANG-R-2", "nope"])) == ["ANG-R-1", "ANG-R-2"]
        assert sensor_counts(session)["declared"] == {"declared": 3}
        assert feedback_counts(session) == {"new": 1}
        assert feedback_by_sensor(session) == [("ANG-R-1", 1)]
        assert page_views_by_day(session, since=date(2026, 11, 2)) == [(date(2026, 11, 2), 1)]
        assert page_views_by_sensor(session, since=date(2026, 1, 1)) == [("ANG-R-1", 3), ("ANG-R-2", 1)]
        assert [row.name for row in list_tokens(session)] == ["reader"]
