"""The public HTML pages of the registry: sensor page, feedback form, index, inventory, errors.

:func:`make_pages` builds what the pages share for one app (templates, caches, renderers);
``registry.routes`` mounts ``registry.pages.routes.router``, whose lifespan starts the
page-view flusher and writes the last counts at shutdown. See ``docs/architecture.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from sqlalchemy import Engine

from dtpr_core.settings import Settings
from registry.pages.caches import PageCache
from registry.pages.errors import ErrorPages
from registry.pages.lists import IndexFragments
from registry.pages.sensor_page import SensorPages
from registry.pages.sensor_view import Site
from registry.pages.templating import make_environment
from registry.pages.views import PageViewCounter


@dataclass(frozen=True, slots=True)
class Pages:
    """The public pages of one app: set on ``app.state`` by ``create_app``, dropped with it."""

    templates: Environment
    cache: PageCache
    sensor_pages: SensorPages
    error_pages: ErrorPages
    index: IndexFragments


def make_pages(settings: Settings, *, engine: Engine, sign_available: bool, service: bool = True) -> Pages:
    """Templates compiled, caches made empty (sized), renderers ready: usable outside a request too.

    *service*: a live service answers the feedback form and the buttons (a static copy without one: False).
    """
    public = settings.public
    templates = make_environment(public.urls, default_locale=public.default_locale)
    cache = PageCache()
    site = Site(
        city=public.city_name,
        urls=public.urls,
        sign_available=sign_available,
        authority=settings.supervisory_authority.authority,
        email_retention_days=settings.feedback.email_retention_days,
        service=service,
    )
    errors = ErrorPages(
        templates,
        city=public.city_name,
        urls=public.urls,
        default_locale=public.default_locale,
        engine=engine,
        cache=cache,
    )
    return Pages(templates, cache, SensorPages(templates, site, cache), errors, IndexFragments(templates))


__all__ = ["PageViewCounter", "Pages", "make_pages"]
