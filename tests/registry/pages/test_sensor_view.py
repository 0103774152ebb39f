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

from dtpr_core.announcement import StatusUpdate
from dtpr_core.locales import LOCALES
from dtpr_core.model import SENSOR_ID_PATTERN, STATUSES, Sensor
from dtpr_core.notice import CNIL, SupervisoryAuthority
from dtpr_core.register import sensor_to_data
from dtpr_core.urls import Urls
from dtpr_store.db import session_scope
from dtpr_store.page_read import HistoryLine, PageReader, SensorPageRead
from dtpr_store.writes import record_statuses
from registry.pages import make_pages
from registry.pages.caches import PageCache
from registry.pages.feedback_form import KINDS, FeedbackForm
from registry.pages.sensor_twin import twin_body
from registry.pages.sensor_view import HISTORY_LINES, JSON, SHOWN_IN, Revision, SensorView, Site, build_view, etag
from tests.conftest import make_sensor

NOW = datetime(2026, 12, 6, 14, 0, tzinfo=UTC)
TEXT = st.text(max_size=20)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))

TIMES = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
JSON_TEXT = st.none() | st.lists(TEXT, max_size=3).map(json.dumps)
HISTORY_LINES_ = st.lists(
    st.builds(
        HistoryLine,
        seq=st.integers(1, 10**6),
        at=TIMES,
        kind=TEXT,
        source=TEXT,
        datachain_revision=st.integers(0, 10**6),
        change=JSON_TEXT,
    ),
    max_size=8,
).map(tuple)

MEMBER_VALUES: dict[str, dict[str, st.SearchStrategy[object]]] = {
    "site": {
        "city": TEXT,
        "urls": st.sampled_from([Urls("https://capteurs.example.fr"), Urls("https://sensors.example.org/city")]),
        "sign_available": st.booleans(),
        "authority": st.sampled_from([CNIL, SupervisoryAuthority("APD", "Autorité", "Bruxelles", "https://apd.be")]),
        "email_retention_days": st.integers(1, 3650),
        "service": st.booleans(),
    },
    "state": {
        "status": st.sampled_from(STATUSES),
        "last_heard": st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3000)),
        "online": st.none() | st.booleans(),
        "updated_on": DAYS,
        "installed_on": st.none() | DAYS,
        "silent": st.booleans(),
    },
    "record": {
        "data": TEXT,
        "revision": st.integers(0, 10**6),
        "status": st.sampled_from(STATUSES),
        "personal_data": st.sampled_from(["none", "indirect", "direct"]),
        "online": st.none() | st.booleans(),
        "last_seen": st.none() | TIMES,
        "updated_at": TIMES,
        "declared_at": st.none() | TIMES,
        "device": JSON_TEXT,
        "drift": JSON_TEXT,
        "history": HISTORY_LINES_,
    },
}
"""A strategy for each member of the view's compound fields: each is varied on its own (a default included)."""

FIELD_VALUES: dict[str, st.SearchStrategy[object]] = {
    "sensor_id": st.from_regex(SENSOR_ID_PATTERN, fullmatch=True),
    "locale": st.sampled_from(LOCALES),
    "content": st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
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
"""A strategy for each simple field of the view in an ETag: a field added to the view needs one here
(or, for a compound one, its members in :data:`MEMBER_VALUES`)."""


def members(value: object) -> tuple[str, ...]:
    if dataclasses.is_dataclass(value):
        return tuple(f.name for f in dataclasses.fields(value) if f.init)
    return tuple(value._fields)  # type: ignore[attr-defined]


def with_member(value: object, name: str, member: object) -> object:
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{name: member})  # type: ignore[type-var]
    return value._replace(**{name: member})  # type: ignore[attr-defined]


def read_of(sensor: Sensor, **changes: object) -> SensorPageRead:
    values: dict[str, object] = {
        "id": sensor.id,
        "declared": True,
        "data": json.dumps(sensor_to_data(sensor)),
        "revision": 1,
        "status": sensor.status,
        "personal_data": "none",
        "online": None,
        "last_seen": None,
        "updated_at": NOW - timedelta(days=2),
        "declared_at": NOW - timedelta(days=2),
        "history_seq": 1,
        "device": None,
        "drift": None,
        "history": (HistoryLine(1, NOW - timedelta(days=2), "created", "register", 1, None),),
    }
    return SensorPageRead(**{**values, **changes})  # type: ignore[arg-type]


SITE = Site("Angers", Urls("https://capteurs.example.fr"), sign_available=True)
BASE = build_view(read_of(make_sensor("ANG-AQ-0001")), locale="fr", site=SITE, cache=PageCache(), now=NOW)


def test_every_field_of_the_view_has_a_strategy() -> None:
    shown = {name for names in SHOWN_IN.values() for name in names}
    derived = {f.name for f in dataclasses.fields(SensorView)} - shown
    assert derived == {"sensor", "chain"}, "only what is parsed from `content` may stay out of the ETags"
    assert set(FIELD_VALUES) | set(MEMBER_VALUES) == shown
    for name, strategies in MEMBER_VALUES.items():
        assert set(strategies) == set(members(getattr(BASE, name))), name


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_change_to_any_shown_fact_changes_the_etag_of_what_shows_it(data: st.DataObject) -> None:
    """Every field, and every member of a compound one, against the ETag of each rendering that shows it."""
    name = data.draw(st.sampled_from(sorted({*FIELD_VALUES, *MEMBER_VALUES})), label="field")
    if name in MEMBER_VALUES:
        member = data.draw(st.sampled_from(sorted(MEMBER_VALUES[name])), label="member")
        value = with_member(getattr(BASE, name), member, data.draw(MEMBER_VALUES[name][member], label="value"))
    else:
        value = data.draw(FIELD_VALUES[name], label="value")
    assume(str(value) != str(getattr(BASE, name)))
    changed = dataclasses.replace(BASE, **{name: value})
    for rendering, fields in SHOWN_IN.items():
        if name in fields:
            assert etag(changed, rendering) != etag(BASE, rendering), rendering
            assert etag(changed, rendering) == etag(dataclasses.replace(BASE, **{name: value}), rendering)
        else:
            assert etag(changed, rendering) == etag(BASE, rendering), f"{rendering} does not show {name}"


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_twin_is_made_of_its_fields_alone(data: st.DataObject) -> None:
    """What the page alone shows (language, state lines, form…) never moves the twin's body: its ETag covers it."""
    page_only = sorted(set(FIELD_VALUES) - set(SHOWN_IN[JSON]) | {"state"})
    name = data.draw(st.sampled_from(page_only), label="field")
    if name == "state":
        member = data.draw(st.sampled_from(sorted(MEMBER_VALUES["state"])))
        value = with_member(BASE.state, member, data.draw(MEMBER_VALUES["state"][member]))
    else:
        value = data.draw(FIELD_VALUES[name])
    assert twin_body(dataclasses.replace(BASE, **{name: value})) == twin_body(BASE)


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


def test_a_status_update_moves_both_etags(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    """The gateway's "online / last heard" changes the page's state line and the twin's values: neither answers 304."""
    store("ANG-AQ-0001")
    page, twin = client.get("/s/ANG-AQ-0001"), client.get("/s/ANG-AQ-0001.json")
    assert twin.json()["online"] is None and page.headers["etag"] != twin.headers["etag"]
    with session_scope(app.state.engine) as session:
        record_statuses(session, updates=[StatusUpdate("ANG-AQ-0001", False, datetime.now(UTC))])
    page_again = client.get("/s/ANG-AQ-0001", headers={"If-None-Match": page.headers["etag"]})
    twin_again = client.get("/s/ANG-AQ-0001.json", headers={"If-None-Match": twin.headers["etag"]})
    assert page_again.status_code == 200 and page_again.headers["etag"] != page.headers["etag"]
    assert twin_again.status_code == 200 and twin_again.headers["etag"] != twin.headers["etag"]
    assert twin_again.json()["online"] is False and twin_again.json()["last_seen"] is not None
    unchanged = client.get("/s/ANG-AQ-0001.json", headers={"If-None-Match": twin_again.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.headers["etag"] == twin_again.headers["etag"]


def test_the_twin_is_the_view_rendered_as_json(
    app: FastAPI, client: TestClient, database_url: str, store: Callable[..., Sensor]
) -> None:
    """The live twin is ``twin_body`` of the page's own read and view, under the view's JSON ETag."""
    store("ANG-AQ-0001")
    pages = make_pages(app.state.settings, engine=app.state.engine, sign_available=True).sensor_pages

    async def read() -> SensorPageRead | None:
        reader = PageReader(database_url)
        try:
            return await reader.read("ANG-AQ-0001", history=HISTORY_LINES)
        finally:
            await reader.aclose()

    stored = asyncio.run(read())
    assert stored is not None
    view = pages.view(stored, locale="fr", now=datetime.now(UTC))
    live = client.get("/s/ANG-AQ-0001.json")
    assert live.json() == twin_body(view) and live.headers["etag"] == etag(view, JSON)
