"""Admin pages: staff accounts (``/staff/accounts``), API tokens (``/staff/tokens``), the audit log.

New passwords are drawn at random and shown once to the admin, who hands them over;
each person then chooses their own under ``/staff/me``.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import Form, Path, Query, Request, Response
from sqlmodel import Session

from dtpr_core.passwords import check_password, hash_password
from dtpr_store.reads import find_staff_account, get_staff_account, list_audit, list_staff_accounts, list_tokens
from dtpr_store.tables import StaffAccountRow
from dtpr_store.writes import (
    create_staff_account,
    create_token,
    disable_staff_account,
    enable_staff_account,
    revoke_token,
    set_staff_password,
    set_staff_role,
)
from registry.deps import SessionDep
from registry.staff.deps import Admin, Viewer, audit
from registry.staff.i18n import say
from registry.staff.web import StaffDenied, redirect, render, staff_router

router = staff_router()
AccountId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RoleForm = Annotated[Literal["viewer", "editor", "admin"], Form()]


def new_password() -> str:
    return secrets.token_urlsafe(15)


def valid_email(value: str) -> str:
    email = value.strip().lower()
    local, at, domain = email.partition("@")
    if not (at and local and domain and " " not in email and len(email) <= 320 and email.isprintable()):
        raise StaffDenied(422, "invalid_e_mail_address")
    return email


def printable(value: str) -> str:
    """A name as typed, refused when it holds a control character."""
    if not value.strip() or not value.isprintable():
        raise StaffDenied(422, "empty_name_or_one_with_a_control")
    return value.strip()


def account_of(session: Session, account_id: int) -> StaffAccountRow:
    row = get_staff_account(session, account_id)
    if row is None:
        raise StaffDenied(404, "no_account", account_id=account_id)
    return row


@router.get("/accounts")
def accounts(request: Request, session: SessionDep, staff: Admin) -> Response:
    return render(request, "accounts.html", rows=list_staff_accounts(session), shown=None)


@router.post("/accounts")
def add_account(
    request: Request,
    session: SessionDep,
    staff: Admin,
    email: Annotated[str, Form(max_length=320)],
    name: Annotated[str, Form(min_length=1, max_length=200)],
    role: RoleForm,
) -> Response:
    address = valid_email(email)
    if find_staff_account(session, address) is not None:
        raise StaffDenied(409, "this_account_exists_already")
    password = new_password()
    create_staff_account(session, email=address, name=printable(name), role=role, password_hash=hash_password(password))
    audit(session, staff, "account.add", target=address, role=role)
    session.commit()
    return render(request, "accounts.html", rows=list_staff_accounts(session), shown=(address, password))


@router.post("/accounts/{account_id}")
def change_account(
    request: Request,
    account_id: AccountId,
    session: SessionDep,
    staff: Admin,
    action: Annotated[Literal["role", "disable", "enable", "password"], Form()],
    role: Annotated[Literal["viewer", "editor", "admin"] | None, Form()] = None,
) -> Response:
    row = account_of(session, account_id)
    if row.id == staff.account_id and action in ("disable", "role"):
        raise StaffDenied(409, "you_cannot_remove_your_own_rights")
    shown = None
    if action == "role" and role is not None:
        set_staff_role(session, account=row, role=role)
    elif action == "disable":
        disable_staff_account(session, account=row)
    elif action == "enable":
        enable_staff_account(session, account=row)
    elif action == "password":
        password = new_password()
        set_staff_password(session, account=row, password_hash=hash_password(password))
        shown = (row.email, password)
    audit(session, staff, f"account.{action}", target=row.email, **({"role": role} if action == "role" else {}))
    session.commit()
    if shown is None:
        return redirect("/staff/accounts")
    return render(request, "accounts.html", rows=list_staff_accounts(session), shown=shown)


@router.get("/me")
def me(request: Request, staff: Viewer) -> Response:
    return render(request, "me.html", done=request.query_params.get("done") == "1", error=None)


@router.post("/me")
def change_own_password(
    request: Request,
    session: SessionDep,
    staff: Viewer,
    current: Annotated[str, Form(max_length=1000)],
    new: Annotated[str, Form(max_length=1000)],
) -> Response:
    row = account_of(session, staff.account_id)
    if not check_password(row.password_hash, current):
        return render(
            request,
            "me.html",
            status=400,
            done=False,
            error=say(request.state.lang, "wrong_current_password"),
        )
    try:
        new_hash = hash_password(new)
    except ValueError:
        error = say(request.state.lang, "new_password_too_short")
        return render(request, "me.html", status=400, done=False, error=error)
    set_staff_password(session, account=row, password_hash=new_hash)  # ends every session, this one too
    audit(session, staff, "account.own_password", target=row.email)
    session.commit()
    return redirect("/staff/login?next=/staff/me")


@router.get("/tokens")
def tokens(request: Request, session: SessionDep, staff: Admin) -> Response:
    return render(request, "tokens.html", rows=list_tokens(session), shown=None)


@router.post("/tokens")
def add_token(
    request: Request,
    session: SessionDep,
    staff: Admin,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    scope: Annotated[Literal["read", "write"], Form()],
) -> Response:
    name = printable(name)
    plain = create_token(session, name=name, scope=scope)
    audit(session, staff, "token.add", target=name, scope=scope)
    session.commit()
    return render(request, "tokens.html", rows=list_tokens(session), shown=(name, plain))


@router.post("/tokens/{token_id}/revoke")
def revoke(token_id: AccountId, session: SessionDep, staff: Admin) -> Response:
    if not revoke_token(session, token_id=token_id):
        raise StaffDenied(404, "no_live_token", token_id=token_id)
    audit(session, staff, "token.revoke", target=str(token_id))
    session.commit()
    return redirect("/staff/tokens")


@router.get("/audit")
def audit_log(
    request: Request, session: SessionDep, staff: Admin, page: Annotated[int, Query(ge=1, le=100_000)] = 1
) -> Response:
    rows = list_audit(session, limit=100, offset=(page - 1) * 100)
    return render(request, "audit.html", rows=rows, page=page)
