"""The Jinja2 environment of the console: autoescaped, templates from this package."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from registry.staff.i18n import words
from registry.staff.nav import NAV


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("registry.staff", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    return env


def when(value: datetime | None, lang: str = "fr") -> str:
    """A date and time for people (UTC, minutes)."""
    if value is None:
        return "—"
    return value.strftime("%d/%m/%Y %H:%M UTC" if lang == "fr" else "%Y-%m-%d %H:%M UTC")


def render_template(request: Request, name: str, context: dict[str, Any]) -> str:
    lang: str = getattr(request.state, "lang", "fr")
    staff = getattr(request.state, "staff", None)
    base = {
        "lang": lang,
        "_": words(lang),
        "staff": staff,
        "csrf": staff.csrf_token if staff is not None else context.get("login_csrf", ""),
        "nav": [item for item in NAV if staff is not None and staff.can(item.role)],
        "path": request.url.path,
        "city_name": request.app.state.settings.public.city_name,
    }
    return environment().get_template(name).render({**base, **context})
