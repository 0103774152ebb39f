"""The sensor page as one unit: its view, the ETag made of every field of it, the same bytes outside a request."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dtpr_core.locales import LOCALES
from dtpr_core.model import SENSOR_ID_PATTERN, STATUSES, Sensor
from dtpr_core.notice import CNIL, SupervisoryAuthority
from dtpr_core.register import sensor_to_data
from dtpr_core.urls import Urls
from dtpr_store.page_read import HistoryLine, PageReader, SensorPageRead
from registry.pages import make_pages
from registry.pages.caches import PageCache
from registry.pages.feedback_form import KINDS, FeedbackForm
from registry.pages.sensor_view import ETAG_FIELDS, Revision, SensorView, Site, StateFacts, build_view, etag
from tests.conftest import make_sensor

NOW = datetime(2026, 12, 6, 14, 0, tzinfo=UTC)
TEXT = st.text(max_size=20)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))

FIELD_VALUES: dict[str, st.SearchStrategy[object]] = {
    "sensor_id": st.from_regex(SENSOR_ID_PATTERN, fullmatch=True),
    "locale": st.sampled_from(LOCALES),
    "site": st.builds(
        Site,
        city=TEXT,
        urls=st.sampled_from([Urls("https://capteurs.example.fr"), Urls("https://sensors.example.org/city")]),
        sign_available=st.booleans(),
        authority=st.sampled_from([CNIL, SupervisoryAuthority("APD", "Autorité", "Bruxelles", "https://apd.be")]),
        email_retention_days=st.integers(1, 3650),
    ),
    "content": st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    "state": st.builds(
        StateFacts,
        status=st.sampled_from(STATUSES),
        last_heard=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3000)),
        online=st.none() | st.booleans(),
        updated_on=DAYS,
        installed_on=st.none() | DAYS,
    ),
    "drift": st.lists(TEXT, max_size=3).map(tuple),
    "history": st.lists(st.builds(Revision, day=DAYS, kind=TEXT, source=TEXT), max_size=8).map(tuple),
    "sent": st.booleans(),
    "voted": st.booleans(),
    "form": st.none()
    | st.builds(
        FeedbackForm,
        kind=st.sampled_from(KINDS),
        message=TEXT,
        email=TEXT,
        errors=st.dictionaries(st.sampled_from(["message", "email", "kind"]), st.sampled_from(["err_message"])),
    ),
}
"""A strategy for each field of the view in the ETag: a field added to the view needs one here."""


def read_of(sensor: Sensor, **changes: object) -> SensorPageRead:
    values: dict[str, object] = {
        "id": sensor.id,
        "declared": True,
        "data_json": json.dumps(sensor_to_data(sensor)),
        "revision": 1,
        "status": sensor.status,
        "online": None,
        "last_seen": None,
        "updated_at": NOW - timedelta(days=2),
        "history_seq": 1,
        "drift": None,
        "history": (HistoryLine(NOW - timedelta(days=2), "created", "register"),),
    }
    return SensorPageRead(**{**values, **changes})  # type: ignore[arg-type]


SITE = Site("Angers", Urls("https://capteurs.example.fr"), sign_available=True)
BASE = build_view(read_of(make_sensor("ANG-AQ-0001")), locale="fr", site=SITE, cache=PageCache(), now=NOW)


def test_every_field_of_the_view_has_a_strategy() -> None:
    derived = {f.name for f in dataclasses.fields(SensorView)} - set(ETAG_FIELDS)
    assert derived == {"sensor", "chain"}, "only what is parsed from `content` may stay out of the ETag"
    assert set(FIELD_VALUES) == set(ETAG_FIELDS)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_change_to_any_shown_fact_changes_the_etag(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(ETAG_FIELDS), label="field")
    value = data.draw(FIELD_VALUES[name], label="value")
    assume(value != getattr(BASE, name))
    changed = dataclasses.replace(BASE, **{name: value})
    assert etag(changed) != etag(BASE)
    assert etag(changed) == etag(dataclasses.replace(BASE, **{name: value}))  # and stays stable


def test_each_stored_content_has_its_own_name() -> None:
    cache = PageCache()
    first = build_view(read_of(make_sensor("ANG-AQ-0001")), locale="fr", site=SITE, cache=cache, now=NOW)
    moved = make_sensor("ANG-AQ-0001", location={"lat": 47.4, "lon": -0.5, "address": "Rue Lenepveu"})
    second = build_view(read_of(moved), locale="fr", site=SITE, cache=cache, now=NOW)
    alike = build_view(read_of(make_sensor("ANG-AQ-0002")), locale="fr", site=SITE, cache=cache, now=NOW)
    assert first.content != second.content and etag(first) != etag(second)
    assert first.content == alike.content and first.sensor is alike.sensor  # stored alike: one parse


def test_the_view_holds_what_is_shown_not_the_moment() -> None:
    heard = NOW - timedelta(minutes=5, seconds=10)
    first = build_view(read_of(make_sensor(), last_seen=heard), locale="fr", site=SITE, cache=PageCache(), now=NOW)
    later = build_view(
        read_of(make_sensor(), last_seen=heard),
        locale="fr",
        site=SITE,
        cache=PageCache(),
        now=NOW + timedelta(seconds=40),
    )
    assert first.state.last_heard == timedelta(minutes=5) and etag(first) == etag(later)  # same "il y a 5 minutes"
    minute_on = dataclasses.replace(first, state=first.state._replace(last_heard=timedelta(minutes=6)))
    assert etag(minute_on) != etag(first)


def test_shown_facts_reach_the_page(app: FastAPI) -> None:
    pages = app.state.sensor_pages
    page = pages.render(BASE).decode()
    heard = dataclasses.replace(BASE, state=BASE.state._replace(last_heard=timedelta(days=3), online=False))
    assert "il y a 3 jours (hors ligne)" in pages.render(heard).decode() and "il y a 3 jours" not in page
    drift = dataclasses.replace(BASE, drift=("identifiable_video",))
    assert 'id="drift"' in pages.render(drift).decode() and 'id="drift"' not in page
    assert pages.render(BASE) == pages.render(dataclasses.replace(BASE))  # a pure function of the view


def test_same_bytes_outside_a_request(
    app: FastAPI, client: TestClient, database_url: str, store: Callable[..., Sensor]
) -> None:
    """What the static export does: stored sensor + history + locale + settings -> the live page's bytes."""
    store("ANG-AQ-0001")
    pages = make_pages(app.state.settings, engine=app.state.engine, sign_available=True).sensor_pages

    async def read() -> SensorPageRead | None:
        reader = PageReader(database_url)
        try:
            return await reader.read("ANG-AQ-0001", history=8)
        finally:
            await reader.aclose()

    stored = asyncio.run(read())
    assert stored is not None
    for locale in ("fr", "en", "tl"):
        live = client.get(f"/s/ANG-AQ-0001?lang={locale}")
        view = pages.view(stored, locale=locale, now=datetime.now(UTC))
        assert pages.render(view) == live.content, locale
        assert etag(view) == live.headers["etag"]
