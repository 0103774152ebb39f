"""The console's menu, in order: one line per page (path, French, English, lowest role)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    fr: str
    en: str
    role: str = "viewer"


NAV: tuple[NavItem, ...] = (
    NavItem("/staff/", "Tableau de bord", "Dashboard"),
    NavItem("/staff/carte", "Carte", "Map"),
    NavItem("/staff/print", "Impression", "Print centre"),
    NavItem("/staff/devices", "Appareils", "Devices"),
    NavItem("/staff/drift", "Écarts", "Drift"),
    NavItem("/staff/quarantine", "Quarantaine", "Quarantine"),
    NavItem("/staff/feedback", "Messages", "Feedback"),
    NavItem("/staff/indicators", "Indicateurs", "Indicators"),
    NavItem("/staff/accounts", "Comptes", "Accounts", "admin"),
    NavItem("/staff/tokens", "Jetons d’API", "API tokens", "admin"),
    NavItem("/staff/audit", "Journal", "Audit log", "admin"),
)
