"""The Jinja2 environment of the console: autoescaped, templates from this package."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

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


@pass_context
def when(context: Context, value: datetime | None, lang: str | None = None) -> str:
    """A date and time for people, in the city's time zone (``DTPR_PUBLIC__TIME_ZONE``): ``7 déc. 2026, 05:42``."""
    if value is None:
        return "—"
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    zone = ZoneInfo(context.get("time_zone") or "Europe/Paris")
    return format_datetime(moment, "d MMM y, HH:mm", tzinfo=zone, locale=lang or context.get("lang") or "fr")


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
        "time_zone": request.app.state.settings.public.time_zone,
    }
    return environment().get_template(name).render({**base, **context})
