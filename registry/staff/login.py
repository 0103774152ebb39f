"""``/staff/login`` and ``/staff/logout``: sign in with e-mail and password, sign out."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from fastapi import Form, Query, Request, Response
from sqlmodel import Session

from dtpr_core.passwords import check_password
from dtpr_core.settings import Settings
from dtpr_store.reads import find_staff_account, find_staff_session
from dtpr_store.tables import StaffAccountRow
from dtpr_store.writes import open_staff_session, record_audit, revoke_staff_session, session_id_hash
from registry.antiabuse import client_address
from registry.deps import SessionDep, SettingsDep
from registry.staff.i18n import say
from registry.staff.session import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    clear_staff_cookie,
    new_login_token,
    set_staff_cookie,
)
from registry.staff.throttle import throttle_of
from registry.staff.web import LOGIN_PATH, PREFIX, StaffDenied, redirect, render, staff_router

router = staff_router()

SAFE_NEXT = re.compile(r"^/staff(/[A-Za-z0-9._~/%-]*)?$")
NextQuery = Annotated[str, Query(max_length=300)]
WRONG = "wrong_email_or_password"
THROTTLED = "too_many_sign_in_attempts"


def plain_text(value: str) -> bool:
    """Something a person could have typed: not empty, no control character (PostgreSQL refuses NUL)."""
    return bool(value.strip()) and value.isprintable()


def safe_next(value: str) -> str:
    """Where to go after sign-in: a console path only (never another site)."""
    return value if SAFE_NEXT.match(value) and "//" not in value and value != "/staff/login" else PREFIX + "/"


def login_form(
    request: Request,
    settings: Settings,
    *,
    next_path: str,
    status: int = 200,
    error: str | None = None,
    email: str = "",
) -> Response:
    token = new_login_token()
    response = render(
        request, "login.html", status=status, login_csrf=token, next_path=next_path, error=error, email=email
    )
    set_staff_cookie(response, settings, LOGIN_COOKIE, token, 3600)
    return response


@router.get("/login")
def get_login(request: Request, settings: SettingsDep, next: NextQuery = "/staff/") -> Response:
    if request.state.staff is not None:
        return redirect(safe_next(next))
    return login_form(request, settings, next_path=safe_next(next))


@router.post("/login")
def post_login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=300)] = "/staff/",
) -> Response:
    throttle, client = throttle_of(request), client_address(request)
    if throttle.blocked(email, client):
        raise StaffDenied(429, THROTTLED)
    account = find_staff_account(session, email) if plain_text(email) else None
    live_hash = account.password_hash if account is not None and account.disabled_at is None else None
    matches = check_password(live_hash, password)  # an unknown account takes as long as a wrong password
    if not matches or account is None:
        throttle.failed(email, client)
        return login_form(
            request, settings, next_path=safe_next(next), status=401, error=say(request.state.lang, WRONG), email=email
        )
    throttle.succeeded(email)
    return signed_in(session, settings, account, safe_next(next))


def signed_in(session: Session, settings: Settings, account: StaffAccountRow, next_path: str) -> Response:
    lifetime = timedelta(hours=settings.staff.absolute_hours)
    session_id, _row = open_staff_session(session, account=account, lifetime=lifetime)
    record_audit(session, actor=account.name, actor_email=account.email, action="sign_in")
    session.commit()
    response = redirect(next_path)
    set_staff_cookie(response, settings, SESSION_COOKIE, session_id, int(lifetime.total_seconds()))
    clear_staff_cookie(response, settings, LOGIN_COOKIE)
    return response


@router.post("/logout")
def post_logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    row = find_staff_session(session, session_id_hash(cookie)) if cookie else None
    staff = request.state.staff
    if row is not None:
        revoke_staff_session(session, row=row)
    if staff is not None:
        record_audit(session, actor=staff.name, actor_email=staff.email, action="sign_out")
    session.commit()
    response = redirect(f"{LOGIN_PATH}?bye=1")
    clear_staff_cookie(response, settings, SESSION_COOKIE)
    return response
