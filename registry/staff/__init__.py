"""The staff console at ``/staff/``: sign-in, roles, sessions, CSRF, audit log, pages.

A console page is a module with ``router = staff_router()``, listed in
``registry.staff.routes.MODULES``; its routes take ``require_staff(role)`` and answer
with ``render(request, "page.html", ...)``. See ``docs/city-staff.md``.
"""

from registry.staff.deps import audit, require_staff
from registry.staff.routes import install_staff
from registry.staff.session import StaffUser
from registry.staff.web import redirect, render, staff_router

__all__ = ["StaffUser", "audit", "install_staff", "redirect", "render", "require_staff", "staff_router"]
