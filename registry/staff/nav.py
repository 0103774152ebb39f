"""The console's menu, in order: one line per page (path, catalogue key, lowest role)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str
    """Its key in the ``staff`` catalogue."""
    role: str = "viewer"


NAV: tuple[NavItem, ...] = (
    NavItem("/staff/", "nav_staff"),
    NavItem("/staff/carte", "nav_map"),
    NavItem("/staff/sensors", "nav_sensors"),
    NavItem("/staff/print", "nav_print"),
    NavItem("/staff/devices", "nav_devices"),
    NavItem("/staff/drift", "nav_drift"),
    NavItem("/staff/quarantine", "nav_quarantine"),
    NavItem("/staff/import", "nav_import", "editor"),
    NavItem("/staff/feedback", "nav_feedback"),
    NavItem("/staff/indicators", "nav_indicators"),
    NavItem("/staff/accounts", "nav_accounts", "admin"),
    NavItem("/staff/tokens", "nav_tokens", "admin"),
    NavItem("/staff/audit", "nav_audit", "admin"),
)
