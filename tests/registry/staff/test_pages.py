"""Dashboard counts, indicators (chart, table, CSV), accounts and tokens managed by an admin."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_core.announcement import Announcement, DeviceIdentity
from dtpr_core.lorawan import LorawanLink
from dtpr_store.db import session_scope
from dtpr_store.tables import StaffAuditRow
from dtpr_store.writes import add_page_views, quarantine_messages, record_announcements
from dtpr_store.writes.lorawan import link_lorawan_device
from tests.registry.conftest import ADMIN_TOKEN, BASE_URL, sensor_body
from tests.registry.staff.conftest import SignedIn, csrf_of, sign_in

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def card(html: str, label: str) -> int:
    """The figure shown on the dashboard card whose text contains *label*."""
    before = html.split(label, 1)[0]
    return int(before.rsplit("<strong>", 1)[1].split("</strong>", 1)[0])


def test_the_dashboard_counts_what_needs_attention(app: FastAPI, client: TestClient, signed_in: SignedIn) -> None:
    for sensor_id in ("ANG-TEST-0001", "ANG-TEST-0002"):
        assert client.put(f"/api/v1/sensors/{sensor_id}", json=sensor_body(sensor_id), headers=ADMIN).status_code in (
            200,
            201,
        )
    revision = client.get("/api/v1/sensors/ANG-TEST-0001", headers=ADMIN).json().get("revision", 1)
    printed = {"items": [{"sensor_id": "ANG-TEST-0001", "revision": revision}]}
    assert client.post("/api/v1/signs/printed", json=printed, headers=ADMIN).status_code == 200
    client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": "?"})
    now = datetime.now(UTC)
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[
                Announcement(sensor_id="ANG-UNKNOWN-9", source="dtpr", received_at=now, identity=DeviceIdentity())
            ],
        )
        quarantine_messages(
            session, items=[("t/x", b"{", 1, "bad JSON", now), ("t/y", b"{", 1, "old", now - timedelta(days=2))]
        )
        link_lorawan_device(
            session,
            sensor_id="ANG-TEST-0002",
            link=LorawanLink("A84041000181C0DE", reporting_interval=600),
            at=now - timedelta(hours=3),  # linked, never heard for 3 h: over three 10-minute intervals
        )
    page = signed_in("viewer").get("/staff/").text
    assert card(page, "messages en attente de réponse") == 1
    assert card(page, "appareils non déclarés") == 1
    assert card(page, "messages en quarantaine") == 1
    assert card(page, "capteurs silencieux") == 1
    assert card(page, "panneaux jamais imprimés") == 1  # 0002 never printed; 0001 printed at its revision
    assert 'href="/staff/feedback?status=new"' in page and 'href="/staff/silent"' in page
    assert "ANG-TEST-0002" in signed_in("viewer").get("/staff/silent").text  # the list behind the count


def test_indicators_chart_table_and_csv_agree(app: FastAPI, client: TestClient, signed_in: SignedIn) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=ADMIN)
    today = datetime.now(UTC).date()
    with session_scope(app.state.engine) as session:
        add_page_views(session, counts={("ANG-TEST-0001", today): 7, ("ANG-TEST-0001", today - timedelta(days=3)): 2})
        add_page_views(session, counts={("ANG-TEST-0001", today - timedelta(days=200)): 50})  # outside the 90 days
    client.post("/s/ANG-TEST-0001/helpful", data={"helpful": "yes"})
    browser = signed_in("viewer")
    page = browser.get("/staff/indicators")
    assert page.status_code == 200
    assert "<svg" in page.text and 'role="img"' in page.text and '<title id="chart-t">' in page.text
    assert "9 consultations" in page.text
    rows = list(csv.reader(io.StringIO(browser.get("/staff/indicators/page-views-by-day.csv").text.lstrip("\ufeff"))))
    assert rows[0] == ["day", "page_views"] and len(rows) == 91
    assert rows[-1] == [today.isoformat(), "7"] and rows[-4] == [(today - timedelta(days=3)).isoformat(), "2"]
    assert f'<td>{today.isoformat()}</td><td class="num">7</td>' in page.text  # the table gives the same figure
    by_zone = list(
        csv.reader(io.StringIO(browser.get("/staff/indicators/page-views-by-zone.csv").text.lstrip("\ufeff")))
    )
    assert by_zone == [["zone", "page_views"], ["Centre-ville", "9"]]
    assert browser.get("/staff/indicators/nope.csv").status_code == 422
    helped = '<td>Capteur de test <small class="muted"><code>ANG-TEST-0001</code></small></td><td class="num">1</td>'
    assert helped + '<td class="num">0</td>' in page.text  # "did this page help?", by name (the id secondary)
    assert date.fromisoformat(rows[1][0]) == today - timedelta(days=89)


def test_an_admin_manages_accounts_and_the_new_person_signs_in(app: FastAPI, signed_in: SignedIn) -> None:
    admin = signed_in("admin")
    page = admin.get("/staff/accounts")
    made = admin.post(
        "/staff/accounts",
        data={"csrf": csrf_of(page.text), "email": "Nina@Ville.example.fr", "name": "Nina", "role": "editor"},
    )
    assert made.status_code == 200 and "nina@ville.example.fr" in made.text
    password = made.text.split("<code>", 1)[1].split("</code>", 1)[0]
    with TestClient(app, base_url=BASE_URL) as nina:
        sign_in(nina, "nina@ville.example.fr", password)
        assert nina.get("/staff/accounts").status_code == 403  # an editor does not manage accounts
        assert nina.get("/staff/tokens").status_code == 403
        assert "Comptes" not in nina.get("/staff/").text.split("<main", 1)[0]  # nor sees them in the menu
    with Session(app.state.engine) as session:
        nina_id = session.exec(select(StaffAuditRow).where(StaffAuditRow.action == "account.add")).one().target
    assert nina_id == "nina@ville.example.fr"
    account_id = made.text.split('action="/staff/accounts/', 2)[1].split('"', 1)[0]
    admin.post(f"/staff/accounts/{account_id}", data={"csrf": csrf_of(page.text), "action": "disable"})
    with TestClient(app, base_url=BASE_URL) as nina:
        form = nina.get("/staff/login")
        data = {"csrf": csrf_of(form.text), "email": "nina@ville.example.fr", "password": password}
        assert nina.post("/staff/login", data=data).status_code == 401
    own_id = admin.get("/staff/me")  # an admin cannot disable themself
    assert own_id.status_code == 200


def test_an_admin_creates_and_revokes_api_tokens(app: FastAPI, client: TestClient, signed_in: SignedIn) -> None:
    admin = signed_in("admin")
    page = admin.get("/staff/tokens")
    made = admin.post("/staff/tokens", data={"csrf": csrf_of(page.text), "name": "tableau SIG", "scope": "read"})
    token = made.text.split("<code>", 1)[1].split("</code>", 1)[0]
    assert client.get("/api/v1/drift", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    token_id = made.text.split('action="/staff/tokens/', 2)[-1].split("/revoke", 1)[0]
    revoked = admin.post(f"/staff/tokens/{token_id}/revoke", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert revoked.status_code == 303
    assert token not in admin.get("/staff/tokens").text  # shown once only
    assert client.get("/api/v1/drift", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "token.revoke" in admin.get("/staff/audit").text


def test_a_person_changes_their_own_password(app: FastAPI, signed_in: SignedIn) -> None:
    browser = signed_in("viewer")
    page = browser.get("/staff/me")
    wrong = browser.post("/staff/me", data={"csrf": csrf_of(page.text), "current": "nope", "new": "a new passphrase"})
    assert wrong.status_code == 400
    done = browser.post(
        "/staff/me",
        data={"csrf": csrf_of(page.text), "current": "correct horse battery staple", "new": "a new passphrase"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert browser.get("/staff/", follow_redirects=False).status_code == 303  # signed out everywhere
    sign_in(browser, "viewer0@ville.example.fr", "a new passphrase")
