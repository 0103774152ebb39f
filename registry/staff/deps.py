"""Dependencies of console routes: ``require_staff(role)`` and ``audit(...)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlmodel import Session

from dtpr_store.writes import record_audit
from registry.staff.session import RANK, StaffUser
from registry.staff.web import SignInRequired, StaffDenied


def require_staff(role: str = "viewer") -> Callable[[Request], StaffUser]:
    """A dependency: the signed-in staff member holding at least *role*.

    Nobody signed in → redirect to ``/staff/login``; a lower role → a 403 page.
    """
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")

    def check(request: Request) -> StaffUser:
        user: StaffUser | None = getattr(request.state, "staff", None)
        if user is None:
            raise SignInRequired()
        if not user.can(role):
            raise StaffDenied(403, f"role_needed_{role}")
        return user

    return check


Viewer = Annotated[StaffUser, Depends(require_staff("viewer"))]
"""A route parameter ``staff: Viewer``: anyone signed in (reading)."""
Editor = Annotated[StaffUser, Depends(require_staff("editor"))]
"""``staff: Editor``: prints, answers, resolves."""
Admin = Annotated[StaffUser, Depends(require_staff("admin"))]
"""``staff: Admin``: manages accounts and API tokens."""


def audit(session: Session, staff: StaffUser, action: str, target: str = "", **detail: Any) -> None:
    """Record a staff action in the audit log, with the staff member's name (never deleted)."""
    record_audit(
        session, actor=staff.name, actor_email=staff.email, action=action, target=target, detail=detail or None
    )
