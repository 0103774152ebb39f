"""The console's security by construction: every /staff route, cookie flags, CSRF, throttling, roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_store.tables import StaffAuditRow, StaffSessionRow
from tests.registry.conftest import BASE_URL
from tests.registry.staff.conftest import PASSWORD, SignedIn, add_account, csrf_of, sign_in

PUBLIC_STAFF_PATHS = {"/staff/login"}
SECRET_WORDS = ("Tableau de bord", "Dashboard", "Se déconnecter", "Sign out")


def every_route(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """(full path, route) of every API route of the app, included routers walked into."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from every_route(included.routes, prefix + getattr(route.include_context, "prefix", ""))
        elif isinstance(route, APIRoute):
            yield prefix + route.path, route


def staff_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path with sample parameters) of every route under /staff, from the app itself."""
    found = []
    for full_path, route in every_route(app.routes):
        if full_path.startswith("/staff"):
            path = re.sub(r"\{[^}]+\}", "1", full_path)
            found += [(method, path) for method in sorted(route.methods) if method != "HEAD"]
    return found


def test_the_console_has_routes(app: FastAPI) -> None:
    paths = {path for _, path in staff_routes(app)}
    assert {"/staff/", "/staff/login", "/staff/logout"} <= paths


def test_every_staff_route_without_a_session_sends_to_sign_in_and_shows_nothing(
    app: FastAPI, client: TestClient
) -> None:
    for method, path in staff_routes(app):
        if path in PUBLIC_STAFF_PATHS:
            continue
        response = client.request(method, path, follow_redirects=False)
        if method == "GET":
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/staff/login?next="), (method, path)
        else:  # no session, so no CSRF token can match: refused before anything runs
            assert response.status_code in (303, 403), (method, path, response.status_code)
        assert response.headers["cache-control"] == "no-store", (method, path)
        assert not any(word in response.text for word in SECRET_WORDS), (method, path)


def test_every_staff_route_sends_no_store_when_signed_in(app: FastAPI, signed_in: SignedIn) -> None:
    browser = signed_in("admin")
    for method, path in staff_routes(app):
        if method == "GET":
            response = browser.get(path, follow_redirects=False)
            assert response.headers["cache-control"] == "no-store", path
            assert response.headers["x-content-type-options"] == "nosniff", path


def test_the_session_cookie_flags(app: FastAPI) -> None:
    add_account(app, "ana@ville.example.fr", "viewer")
    with TestClient(app, base_url=BASE_URL) as browser:
        form = browser.get("/staff/login")
        response = browser.post(
            "/staff/login",
            data={"csrf": csrf_of(form.text), "email": "Ana@Ville.example.fr", "password": PASSWORD},
            follow_redirects=False,
        )
    cookie = next(value for value in response.headers.get_list("set-cookie") if value.startswith("dtpr_staff="))
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert flags["path"] == "Path=/staff"
    assert "httponly" in flags and "secure" in flags  # the test base URL is https
    assert flags["samesite"].lower() == "samesite=strict"
    assert flags["max-age"] == "Max-Age=43200"  # the 12 h absolute lifetime


def test_no_secure_flag_on_a_plain_http_installation(database_url: str) -> None:
    from registry.app import create_app
    from tests.registry.conftest import make_settings

    settings = make_settings(database_url)
    settings = settings.model_copy(
        update={"public": settings.public.model_copy(update={"base_url": "http://127.0.0.1:8000"})}
    )
    app = create_app(settings)
    try:
        with TestClient(app, base_url="http://127.0.0.1:8000") as browser:
            cookie = browser.get("/staff/login").headers["set-cookie"]
        assert "secure" not in cookie.lower() and "path=/staff" in cookie.lower()
    finally:
        app.state.engine.dispose()


def test_sign_in_needs_the_form_csrf_value(app: FastAPI, client: TestClient) -> None:
    add_account(app, "bob@ville.example.fr", "admin")
    client.get("/staff/login")
    for csrf in ("", "forged"):
        response = client.post(
            "/staff/login",
            data={"csrf": csrf, "email": "bob@ville.example.fr", "password": PASSWORD},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert "dtpr_staff=" not in response.headers.get("set-cookie", "")


def test_a_post_without_the_session_csrf_token_is_refused(app: FastAPI, signed_in: SignedIn) -> None:
    browser = signed_in("admin")
    response = browser.post("/staff/logout", data={"csrf": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert browser.get("/staff/", follow_redirects=False).status_code == 200  # still signed in
    response = browser.post("/staff/logout", data={}, follow_redirects=False)
    assert response.status_code == 403


def test_one_message_for_an_unknown_account_and_a_wrong_password(app: FastAPI, client: TestClient) -> None:
    add_account(app, "cleo@ville.example.fr", "viewer")
    answers = []
    for email, password in (("cleo@ville.example.fr", "wrong password here"), ("nobody@ville.example.fr", PASSWORD)):
        form = client.get("/staff/login")
        response = client.post("/staff/login", data={"csrf": csrf_of(form.text), "email": email, "password": password})
        assert response.status_code == 401
        answers.append(re.search(r'<p class="error" role="alert">(.*?)</p>', response.text).group(1))  # type: ignore[union-attr]
    assert answers[0] == answers[1] == "Adresse e-mail ou mot de passe incorrect."


def test_sign_in_is_throttled_per_account(app: FastAPI) -> None:
    add_account(app, "dan@ville.example.fr", "viewer")
    limit = app.state.settings.staff.sign_in_failures_per_account
    with TestClient(app, base_url=BASE_URL) as browser:
        for _ in range(limit):
            form = browser.get("/staff/login")
            data = {"csrf": csrf_of(form.text), "email": "dan@ville.example.fr", "password": "not the password"}
            assert browser.post("/staff/login", data=data).status_code == 401
        form = browser.get("/staff/login")
        data = {"csrf": csrf_of(form.text), "email": "dan@ville.example.fr", "password": PASSWORD}
        response = browser.post("/staff/login", data=data, follow_redirects=False)
    assert response.status_code == 429  # even the right password waits
    assert "Trop de tentatives" in response.text


def test_sign_in_is_throttled_per_client(app: FastAPI) -> None:
    limit = app.state.settings.staff.sign_in_failures_per_client
    add_account(app, "eve@ville.example.fr", "viewer")
    with TestClient(app, base_url=BASE_URL) as browser:
        for number in range(limit):
            form = browser.get("/staff/login")
            data = {"csrf": csrf_of(form.text), "email": f"guess{number}@ville.example.fr", "password": "x" * 12}
            assert browser.post("/staff/login", data=data).status_code == 401
        form = browser.get("/staff/login")
        data = {"csrf": csrf_of(form.text), "email": "eve@ville.example.fr", "password": PASSWORD}
        assert browser.post("/staff/login", data=data, follow_redirects=False).status_code == 429


def attempt(browser: TestClient, email: str, password: str) -> int:
    form = browser.get("/staff/login")
    data = {"csrf": csrf_of(form.text), "email": email, "password": password}
    return browser.post("/staff/login", data=data, follow_redirects=False).status_code


def test_a_flood_of_refused_sign_ins_does_not_flush_an_account_limit(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An account blocked by its failures stays blocked whatever arrives from other clients meanwhile."""
    monkeypatch.setattr("registry.staff.throttle.MAX_KEYS", 40)  # the store's bound, small enough to overflow
    staff = app.state.settings.staff
    add_account(app, "fay@ville.example.fr", "viewer")
    with TestClient(app, base_url=BASE_URL, client=("203.0.113.1", 1000)) as guesser:
        for _ in range(staff.sign_in_failures_per_account):
            assert attempt(guesser, "fay@ville.example.fr", "not the password") == 401
    with TestClient(app, base_url=BASE_URL, client=("203.0.113.2", 1000)) as flooder:
        for number in range(staff.sign_in_failures_per_client):
            assert attempt(flooder, f"noise{number}@ville.example.fr", "x" * 12) == 401
        for number in range(60):  # refused before any check: each e-mail still must not be remembered
            assert attempt(flooder, f"flood{number}@ville.example.fr", "x" * 12) == 429
    assert len(app.state.staff_throttle.accounts) <= 40
    with TestClient(app, base_url=BASE_URL, client=("203.0.113.3", 1000)) as elsewhere:
        assert attempt(elsewhere, "fay@ville.example.fr", PASSWORD) == 429, "the account's failures were evicted"


def test_new_failures_never_evict_a_blocked_account(monkeypatch: pytest.MonkeyPatch) -> None:
    from registry.staff.throttle import FailureWindow

    monkeypatch.setattr("registry.staff.throttle.MAX_KEYS", 10)
    window = FailureWindow(limit=3)
    for _ in range(3):
        window.add("victim", now=1.0)
    for number in range(100):  # many clients, one failure each on other accounts
        window.add(f"other{number}", now=2.0)
        assert not window.is_full(f"unknown{number}", now=2.0)
    assert window.is_full("victim", now=3.0)
    assert len(window) <= 10 + 1
    assert not window.is_full("victim", now=1.0 + window.window + 1), "a block lasts the window, no longer"


def test_a_wrong_current_password_is_throttled(app: FastAPI, signed_in: SignedIn) -> None:
    """A stolen session cannot guess its account's password through /staff/me."""
    browser = signed_in("viewer")
    limit = app.state.settings.staff.sign_in_failures_per_account
    codes = []
    for _ in range(limit + 2):
        page = browser.get("/staff/me")
        data = {"csrf": csrf_of(page.text), "current": "a wrong guess!", "new": "a new password here"}
        codes.append(browser.post("/staff/me", data=data, follow_redirects=False).status_code)
    assert codes[:limit] == [400] * limit and set(codes[limit:]) == {429}, codes
    page = browser.get("/staff/me")
    data = {"csrf": csrf_of(page.text), "current": PASSWORD, "new": "a new password here"}
    assert browser.post("/staff/me", data=data, follow_redirects=False).status_code == 429  # even the right one


def test_sign_out_ends_the_session_for_good(app: FastAPI, signed_in: SignedIn) -> None:
    browser = signed_in("viewer")
    stolen = browser.cookies.get("dtpr_staff")
    page = browser.get("/staff/")
    response = browser.post("/staff/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    with TestClient(app, base_url=BASE_URL, cookies={"dtpr_staff": stolen or ""}) as thief:
        assert thief.get("/staff/", follow_redirects=False).status_code == 303
    with Session(app.state.engine) as session:
        actions = [row.action for row in session.exec(select(StaffAuditRow).order_by(StaffAuditRow.id))]
    assert actions[-2:] == ["sign_in", "sign_out"]


@pytest.mark.parametrize(("field", "age"), [("last_seen_at", timedelta(minutes=31)), ("expires_at", timedelta(0))])
def test_idle_and_absolute_expiry(app: FastAPI, signed_in: SignedIn, field: str, age: timedelta) -> None:
    browser = signed_in("viewer")
    assert browser.get("/staff/", follow_redirects=False).status_code == 200
    with Session(app.state.engine) as session:
        row = session.exec(select(StaffSessionRow)).one()
        setattr(row, field, datetime.now(UTC) - age)
        session.add(row)
        session.commit()
    assert browser.get("/staff/", follow_redirects=False).status_code == 303


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(app: FastAPI, signed_in: SignedIn) -> None:
    from dtpr_store.db import session_scope
    from dtpr_store.reads import find_staff_account
    from dtpr_store.writes import disable_staff_account

    browser = signed_in("editor")
    with session_scope(app.state.engine) as session:
        row = find_staff_account(session, "editor0@ville.example.fr")
        assert row is not None
        disable_staff_account(session, account=row)
    assert browser.get("/staff/", follow_redirects=False).status_code == 303
    form = browser.get("/staff/login")
    data = {"csrf": csrf_of(form.text), "email": "editor0@ville.example.fr", "password": PASSWORD}
    assert browser.post("/staff/login", data=data).status_code == 401


def test_after_sign_in_only_console_paths_are_followed(app: FastAPI, client: TestClient) -> None:
    add_account(app, "fay@ville.example.fr", "viewer")
    for asked, landed in (
        ("/staff/feedback", "/staff/feedback"),
        ("https://evil.example/", "/staff/"),
        ("//evil.example", "/staff/"),
    ):
        client.cookies.clear()
        form = client.get("/staff/login")
        data = {"csrf": csrf_of(form.text), "email": "fay@ville.example.fr", "password": PASSWORD, "next": asked}
        assert client.post("/staff/login", data=data, follow_redirects=False).headers["location"] == landed


def test_public_routes_never_set_a_cookie(app: FastAPI, client: TestClient) -> None:
    """Every GET route outside /staff, parameters filled with a sample value: no Set-Cookie."""
    paths = [full_path for full_path, route in every_route(app.routes) if "GET" in route.methods]
    assert len(paths) > 20
    for full_path in paths:
        if full_path.startswith("/staff"):
            continue
        path = re.sub(r"\{[^}]+\}", "ANG-TEST-0001", full_path)
        response = client.get(path, follow_redirects=False)
        assert "set-cookie" not in response.headers, path


def test_the_language_follows_the_asking(app: FastAPI, client: TestClient) -> None:
    assert "Connexion du personnel" in client.get("/staff/login").text
    assert "Staff sign-in" in client.get("/staff/login?lang=en").text
    assert "Staff sign-in" in client.get("/staff/login").text  # remembered under /staff
    assert '<html lang="en">' in client.get("/staff/login").text


def test_signing_in_lands_on_the_dashboard(app: FastAPI, signed_in: SignedIn) -> None:
    page = signed_in("viewer").get("/staff/")
    assert page.status_code == 200 and "Ce qui demande votre attention" in page.text
    assert sign_in  # the helper is shared with other console tests


SELF_SERVICE_POSTS = {"/staff/login", "/staff/logout", "/staff/me"}
"""What any signed-in person may post: signing in and out, their own password."""


def test_a_viewer_changes_nothing(app: FastAPI, signed_in: SignedIn) -> None:
    """Every state-changing route of the console, posted by a viewer with a valid CSRF token: 403."""
    viewer = signed_in("viewer")
    csrf = csrf_of(viewer.get("/staff/").text)
    posts = [path for method, path in staff_routes(app) if method == "POST" and path not in SELF_SERVICE_POSTS]
    assert len(posts) >= 6
    for path in posts:
        response = viewer.post(path, data={"csrf": csrf}, follow_redirects=False)
        assert response.status_code == 403, (path, response.status_code)


def test_only_admins_reach_the_admin_pages(app: FastAPI, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    csrf = csrf_of(editor.get("/staff/").text)
    for path in ("/staff/accounts", "/staff/tokens", "/staff/audit"):
        assert editor.get(path).status_code == 403, path
    for path in ("/staff/accounts", "/staff/accounts/1", "/staff/tokens", "/staff/tokens/1/revoke"):
        assert editor.post(path, data={"csrf": csrf}).status_code == 403, path
