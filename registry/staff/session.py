"""Who is signed in: the session cookie, its row, idle and absolute expiry, roles and CSRF.

The cookie ``dtpr_staff`` holds a random id (the database keeps its SHA-256); it has
``Path=/staff``, ``HttpOnly``, ``SameSite=Strict`` and ``Secure`` when the public base URL
is https. Before sign-in, the form's CSRF value is paired with the cookie
``dtpr_staff_login``; after it, with the session row's own token.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from fastapi import Request, Response
from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.settings import Settings
from dtpr_core.times import as_utc
from dtpr_store.reads import find_staff_session, get_staff_account
from dtpr_store.tables import StaffAccountRow, StaffSessionRow
from dtpr_store.writes import revoke_staff_session, session_id_hash, touch_staff_session

Role = Literal["viewer", "editor", "admin"]
RANK: dict[str, int] = {"viewer": 1, "editor": 2, "admin": 3}
SESSION_COOKIE = "dtpr_staff"
LOGIN_COOKIE = "dtpr_staff_login"
COOKIE_PATH = "/staff"
TOUCH_EVERY = timedelta(seconds=60)
"""A session's last-seen time is written at most this often (idle timeout precision)."""


@dataclass(frozen=True, slots=True)
class StaffUser:
    """The signed-in staff member of a request."""

    account_id: int
    email: str
    name: str
    role: str
    csrf_token: str

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


def session_is_live(row: StaffSessionRow, settings: Settings, at: datetime) -> bool:
    idle = timedelta(minutes=settings.staff.idle_minutes)
    return row.revoked_at is None and at < as_utc(row.expires_at) and at < as_utc(row.last_seen_at) + idle


def _user_of(account: StaffAccountRow | None, row: StaffSessionRow) -> StaffUser | None:
    if account is None or account.id is None or account.disabled_at is not None:
        return None
    return StaffUser(account.id, account.email, account.name, account.role, row.csrf_token)


def resolve_staff(request: Request, engine: Engine, settings: Settings) -> StaffUser | None:
    """The live session of the request's cookie, touched; an expired one is revoked."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie or len(cookie) > 128:
        return None
    at = datetime.now(UTC)
    with Session(engine, expire_on_commit=False) as session:
        row = find_staff_session(session, session_id_hash(cookie))
        if row is None:
            return None
        if not session_is_live(row, settings, at):
            revoke_staff_session(session, row=row)
            session.commit()
            return None
        user = _user_of(get_staff_account(session, row.account_id), row)
        if user is not None and at - as_utc(row.last_seen_at) >= TOUCH_EVERY:
            touch_staff_session(session, row=row, at=at)
            session.commit()
        return user


def is_https(settings: Settings) -> bool:
    return settings.public.base_url.startswith("https://")


def set_staff_cookie(response: Response, settings: Settings, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=is_https(settings),
    )


def clear_staff_cookie(response: Response, settings: Settings, name: str) -> None:
    response.delete_cookie(name, path=COOKIE_PATH, httponly=True, samesite="strict", secure=is_https(settings))


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def expected_csrf(request: Request, user: StaffUser | None) -> str | None:
    """The CSRF value a form of this request must carry."""
    if user is not None:
        return user.csrf_token
    return request.cookies.get(LOGIN_COOKIE)


def csrf_matches(expected: str | None, given: object) -> bool:
    return bool(expected) and isinstance(given, str) and hmac.compare_digest(expected or "", given)
